;; The logistic objective's kernels, dense and CSR, in WebAssembly SIMD (128-bit, f64x2 lanes).
;;
;; What they compute, with z_i = x_i·w + b, s_i = 2y_i − 1 (the sign convention of core's TypeScript
;; reference, @descent/core logisticObjective.ts) and sample weights c_i:
;;
;;     ℓ_i = log(1 + exp(−s_i z_i)) = softplus(t_i),   t_i = −s_i z_i = (1 − 2y_i) z_i
;;     Σ c_i ℓ_i,    Σ c_i (σ(z_i) − y_i) x̃_i,    Σ c_i σ(z_i)σ(−z_i) x̃_i x̃_iᵀ,    x̃_i = [x_i, 1]
;;
;; so f = (1/m) Σ c_i ℓ_i + (λ/2)‖w‖² and ∇f = (1/m) Σ c_i (σ(z_i) − y_i) x̃_i + λ[w, 0]; the kernels return
;; the sums, and the caller (wasmObjective.ts) divides by m and adds the penalty with core's finishGradient,
;; finishHessian and finishHessianVectorProduct, exactly as the reference does. Each export names the
;; reference function it mirrors.
;;
;; Assembled by scripts/generate-kernels.mjs (wabt) into logistic.generated.ts; the TypeScript side is
;; wasmObjective.ts, and kernelMemory.ts lays out the memory. core's TypeScript reference objective is what
;; these kernels are tested against (backends.test.ts).
;;
;; Memory is imported: the caller sizes it once, from the data, and never grows it. Its first 1024 bytes are
;; this module's scratch space (f64×8 = one value per row of the current block, as 4 pairs):
;;     0   f64   result: Σ c_i ℓ_i over the rows visited
;;     8   f64   result: Σ of the per-row scalars that multiply the intercept (residuals, or projections)
;;    64   i32×8 byte addresses of the block's 8 rows
;;    96   f64×8 targets y_i (0 or 1)
;;   160   f64×8 weights c_i (0 for the padding rows of a last, short block)
;;   224   f64×8 curvatures D_i = c_i σ(z_i)σ(−z_i)
;;   288   f64×8 logits z_i
;;   352   f64×8 t_i = −s_i z_i = (1 − 2y_i) z_i, so that ℓ_i = softplus(t_i)
;;   416   f64×8 e^−|t_i| (and the argument −|t_i| before it)
;;   480   f64×8 log1p(e^−|t_i|), then the weighted losses c_i ℓ_i
;;   544   f64×8 1/(1 + e^−|t_i|)
;;   608   f64×8 weighted residuals c_i (σ(z_i) − y_i)
;;
;; Rows are visited in blocks of 8: eight independent dot products share each load of θ, the eight logits go
;; through exp/log1p two at a time (f64x2) in loops over the block's four pairs (so that the processor
;; overlaps the four independent chains of dependent arithmetic), and the gradient is updated once per block
;; with the eight scaled rows summed first. A last block with fewer than 8 rows is padded with copies of its
;; first row at weight 0, which adds exact zeros. Every sum is taken in a fixed order, so a kernel repeats
;; bit for bit.
;;
;; X is row-major, float64 or float32 (promoted exactly to float64 on load; all arithmetic is float64).
;; Rows are selected either contiguously (rows = 0: first, first + 1, …) or through an i32 index array.
(module
  (import "kernel" "memory" (memory 0))

  ;; ---------------------------------------------------------------------------------------------------
  ;; exp and log1p, two lanes at a time.

  ;; e^x for every double x (the kernels use x ≤ 0), within an ulp: the tests hold it to 2 ulp of Math.exp,
  ;; and over [−746, 0] it equals Math.exp in 95% of arguments and is 1 ulp off in the rest.
  ;; x = n ln2 + r with |r| ≤ ln2/2 (Cody–Waite: ln2 split so that n·ln2hi is exact), e^r by its Taylor
  ;; series to degree 13 (truncation below 5e-18), then scaled by 2^n in two exact steps, 2^⌊n/2⌋·2^⌈n/2⌉,
  ;; so that results in the subnormal range are rounded once and correctly, and e^x for x < −745.2 is 0.
  ;; NaN stays NaN (min/max propagate it). In place, for `count` ≥ 1 pairs from address `at`.
  (func $expPairs (param $at i32) (param $count i32)
    (local $x v128) (local $n v128) (local $r v128) (local $q v128) (local $ni v128) (local $half v128)
    (loop $each
      (local.set $x (v128.load (local.get $at)))
      (local.set $x
        (f64x2.min
          (f64x2.max (local.get $x) (v128.const f64x2 -746 -746))
          (v128.const f64x2 710 710)))
      (local.set $n
        (f64x2.nearest (f64x2.mul (local.get $x) (v128.const f64x2 0x1.71547652b82fep0 0x1.71547652b82fep0))))
      (local.set $r
        (f64x2.sub
          (f64x2.sub (local.get $x)
            (f64x2.mul (local.get $n) (v128.const f64x2 0x1.62e42feep-1 0x1.62e42feep-1)))
          (f64x2.mul (local.get $n) (v128.const f64x2 0x1.a39ef35793c76p-33 0x1.a39ef35793c76p-33))))
      ;; q = 1/2! + r/3! + … + r^11/13!, by Horner.
      (local.set $q (v128.const f64x2 0x1.6124613a86d09p-33 0x1.6124613a86d09p-33))
      (local.set $q (f64x2.add (f64x2.mul (local.get $q) (local.get $r))
        (v128.const f64x2 0x1.1eed8eff8d898p-29 0x1.1eed8eff8d898p-29)))
      (local.set $q (f64x2.add (f64x2.mul (local.get $q) (local.get $r))
        (v128.const f64x2 0x1.ae64567f544e4p-26 0x1.ae64567f544e4p-26)))
      (local.set $q (f64x2.add (f64x2.mul (local.get $q) (local.get $r))
        (v128.const f64x2 0x1.27e4fb7789f5cp-22 0x1.27e4fb7789f5cp-22)))
      (local.set $q (f64x2.add (f64x2.mul (local.get $q) (local.get $r))
        (v128.const f64x2 0x1.71de3a556c734p-19 0x1.71de3a556c734p-19)))
      (local.set $q (f64x2.add (f64x2.mul (local.get $q) (local.get $r))
        (v128.const f64x2 0x1.a01a01a01a01ap-16 0x1.a01a01a01a01ap-16)))
      (local.set $q (f64x2.add (f64x2.mul (local.get $q) (local.get $r))
        (v128.const f64x2 0x1.a01a01a01a01ap-13 0x1.a01a01a01a01ap-13)))
      (local.set $q (f64x2.add (f64x2.mul (local.get $q) (local.get $r))
        (v128.const f64x2 0x1.6c16c16c16c17p-10 0x1.6c16c16c16c17p-10)))
      (local.set $q (f64x2.add (f64x2.mul (local.get $q) (local.get $r))
        (v128.const f64x2 0x1.1111111111111p-7 0x1.1111111111111p-7)))
      (local.set $q (f64x2.add (f64x2.mul (local.get $q) (local.get $r))
        (v128.const f64x2 0x1.5555555555555p-5 0x1.5555555555555p-5)))
      (local.set $q (f64x2.add (f64x2.mul (local.get $q) (local.get $r))
        (v128.const f64x2 0x1.5555555555555p-3 0x1.5555555555555p-3)))
      (local.set $q (f64x2.add (f64x2.mul (local.get $q) (local.get $r))
        (v128.const f64x2 0.5 0.5)))
      ;; e^r = 1 + (r + r²q): the one large addition comes last, so it alone rounds at the result's scale.
      (local.set $q
        (f64x2.add (v128.const f64x2 1 1)
          (f64x2.add (local.get $r) (f64x2.mul (f64x2.mul (local.get $r) (local.get $r)) (local.get $q)))))
      ;; 2^n as two powers of two built from their exponent bits: n ∈ [−1076, 1024], so each half is normal.
      (local.set $ni (i32x4.trunc_sat_f64x2_s_zero (local.get $n)))
      (local.set $half (i32x4.shr_s (local.get $ni) (i32.const 1)))
      (local.set $ni (i32x4.sub (local.get $ni) (local.get $half)))
      (v128.store (local.get $at)
        (f64x2.mul
          (f64x2.mul (local.get $q)
            (i64x2.shl
              (i64x2.add (i64x2.extend_low_i32x4_s (local.get $half)) (v128.const i64x2 1023 1023))
              (i32.const 52)))
          (i64x2.shl
            (i64x2.add (i64x2.extend_low_i32x4_s (local.get $ni)) (v128.const i64x2 1023 1023))
            (i32.const 52))))
      (local.set $at (i32.add (local.get $at) (i32.const 16)))
      (local.set $count (i32.sub (local.get $count) (i32.const 1)))
      (br_if $each (local.get $count))))

  ;; log(1 + x) for x ∈ [0, 1], within an ulp: fdlibm's log1p
  ;; (s_log1p.c). 1 + x = 2^k (1 + f) with 1 + f ∈ [√2/2, √2): k = 0 and f = x exactly when x < √2 − 1,
  ;; else k = 1, f = u/2 − 1 (exact) and c = (x − (u − 1))/u corrects for the rounding of u. Then
  ;; log(1 + f) = f − f²/2 + s(f²/2 + R(s²)) with s = f/(2 + f), R a minimax polynomial.
  ;; For `count` ≥ 1 pairs: x from `from`, log1p(x) to `to`, and 1/(1 + x), which the sigmoid needs too, to
  ;; `inverse`.
  (func $log1pPairs (param $from i32) (param $to i32) (param $inverse i32) (param $count i32)
    (local $x v128) (local $u v128) (local $inv v128)
    (local $big v128) (local $f v128) (local $k v128) (local $c v128)
    (local $s v128) (local $z v128) (local $hfsq v128) (local $R v128)
    (loop $each
      (local.set $x (v128.load (local.get $from)))
      (local.set $u (f64x2.add (v128.const f64x2 1 1) (local.get $x)))
      (local.set $inv (f64x2.div (v128.const f64x2 1 1) (local.get $u)))
      (v128.store (local.get $inverse) (local.get $inv))
      (local.set $big (f64x2.ge (local.get $x) (v128.const f64x2 0x1.a827999fcef34p-2 0x1.a827999fcef34p-2)))
      (local.set $f
        (v128.bitselect
          (f64x2.sub (f64x2.mul (local.get $u) (v128.const f64x2 0.5 0.5)) (v128.const f64x2 1 1))
          (local.get $x)
          (local.get $big)))
      (local.set $k (v128.and (local.get $big) (v128.const f64x2 1 1)))
      (local.set $c
        (v128.and (local.get $big)
          (f64x2.mul
            (f64x2.sub (local.get $x) (f64x2.sub (local.get $u) (v128.const f64x2 1 1)))
            (local.get $inv))))
      (local.set $hfsq (f64x2.mul (v128.const f64x2 0.5 0.5) (f64x2.mul (local.get $f) (local.get $f))))
      (local.set $s (f64x2.div (local.get $f) (f64x2.add (v128.const f64x2 2 2) (local.get $f))))
      (local.set $z (f64x2.mul (local.get $s) (local.get $s)))
      (local.set $R (v128.const f64x2 0x1.2f112df3e5244p-3 0x1.2f112df3e5244p-3))
      (local.set $R (f64x2.add (f64x2.mul (local.get $R) (local.get $z))
        (v128.const f64x2 0x1.39a09d078c69fp-3 0x1.39a09d078c69fp-3)))
      (local.set $R (f64x2.add (f64x2.mul (local.get $R) (local.get $z))
        (v128.const f64x2 0x1.7466496cb03dep-3 0x1.7466496cb03dep-3)))
      (local.set $R (f64x2.add (f64x2.mul (local.get $R) (local.get $z))
        (v128.const f64x2 0x1.c71c51d8e78afp-3 0x1.c71c51d8e78afp-3)))
      (local.set $R (f64x2.add (f64x2.mul (local.get $R) (local.get $z))
        (v128.const f64x2 0x1.2492494229359p-2 0x1.2492494229359p-2)))
      (local.set $R (f64x2.add (f64x2.mul (local.get $R) (local.get $z))
        (v128.const f64x2 0x1.999999997fa04p-2 0x1.999999997fa04p-2)))
      (local.set $R (f64x2.add (f64x2.mul (local.get $R) (local.get $z))
        (v128.const f64x2 0x1.5555555555593p-1 0x1.5555555555593p-1)))
      (local.set $R (f64x2.mul (local.get $R) (local.get $z)))
      ;; k ln2hi − ((hfsq − (s (hfsq + R) + (k ln2lo + c))) − f)
      (v128.store (local.get $to) (f64x2.sub
        (f64x2.mul (local.get $k) (v128.const f64x2 0x1.62e42feep-1 0x1.62e42feep-1))
        (f64x2.sub
          (f64x2.sub
            (local.get $hfsq)
            (f64x2.add
              (f64x2.mul (local.get $s) (f64x2.add (local.get $hfsq) (local.get $R)))
              (f64x2.add
                (f64x2.mul (local.get $k) (v128.const f64x2 0x1.a39ef35793c76p-33 0x1.a39ef35793c76p-33))
                (local.get $c))))
          (local.get $f))))
      (local.set $from (i32.add (local.get $from) (i32.const 16)))
      (local.set $to (i32.add (local.get $to) (i32.const 16)))
      (local.set $inverse (i32.add (local.get $inverse) (i32.const 16)))
      (local.set $count (i32.sub (local.get $count) (i32.const 1)))
      (br_if $each (local.get $count))))

  ;; For the block's 8 examples, from their logits z (scratch 288), targets y and weights c: the weighted
  ;; losses c ℓ (scratch 480) and residuals c (σ(z) − y) (scratch 608). With s = 2y − 1 and t = −s z =
  ;; (1 − 2y) z, ℓ = softplus(t) = max(t, 0) + log1p(e^−|t|) and σ(z) − y = −s σ(t), σ(t) taken in the branch that only
  ;; ever exponentiates −|t|: 1/(1 + e) for t ≥ 0, e/(1 + e) below. Stable at every finite z.
  (func $logisticBlock
    (local $k i32) (local $t v128) (local $e v128) (local $inv v128) (local $c v128)
    (loop $arguments
      (local.set $t
        (f64x2.mul
          (f64x2.sub (v128.const f64x2 1 1)
            (f64x2.add (v128.load offset=96 (local.get $k)) (v128.load offset=96 (local.get $k))))
          (v128.load offset=288 (local.get $k))))
      (v128.store offset=352 (local.get $k) (local.get $t))
      (v128.store offset=416 (local.get $k) (f64x2.neg (f64x2.abs (local.get $t))))
      (local.set $k (i32.add (local.get $k) (i32.const 16)))
      (br_if $arguments (i32.lt_u (local.get $k) (i32.const 64))))
    (call $expPairs (i32.const 416) (i32.const 4))
    (call $log1pPairs (i32.const 416) (i32.const 480) (i32.const 544) (i32.const 4))
    (local.set $k (i32.const 0))
    (loop $results
      (local.set $t (v128.load offset=352 (local.get $k)))
      (local.set $e (v128.load offset=416 (local.get $k)))
      (local.set $inv (v128.load offset=544 (local.get $k)))
      (local.set $c (v128.load offset=160 (local.get $k)))
      (v128.store offset=480 (local.get $k)
        (f64x2.mul (local.get $c)
          (f64x2.add (f64x2.max (local.get $t) (v128.const f64x2 0 0)) (v128.load offset=480 (local.get $k)))))
      (v128.store offset=608 (local.get $k)
        (f64x2.mul (local.get $c)
          (f64x2.mul
            (f64x2.sub (v128.const f64x2 1 1)
              (f64x2.add (v128.load offset=96 (local.get $k)) (v128.load offset=96 (local.get $k))))
            (v128.bitselect
              (local.get $inv)
              (f64x2.mul (local.get $e) (local.get $inv))
              (f64x2.ge (local.get $t) (v128.const f64x2 0 0))))))
      (local.set $k (i32.add (local.get $k) (i32.const 16)))
      (br_if $results (i32.lt_u (local.get $k) (i32.const 64)))))

  ;; For the block's 8 examples, from their logits z (scratch 288) and weights c: the curvatures
  ;; D = c σ(z)σ(−z) = c · (1/(1 + e)) · (e/(1 + e)) with e = e^−|z| (scratch 224), exact in both tails.
  (func $curvatureBlock
    (local $k i32) (local $e v128) (local $inv v128)
    (loop $arguments
      (v128.store offset=416 (local.get $k) (f64x2.neg (f64x2.abs (v128.load offset=288 (local.get $k)))))
      (local.set $k (i32.add (local.get $k) (i32.const 16)))
      (br_if $arguments (i32.lt_u (local.get $k) (i32.const 64))))
    (call $expPairs (i32.const 416) (i32.const 4))
    (local.set $k (i32.const 0))
    (loop $results
      (local.set $e (v128.load offset=416 (local.get $k)))
      (local.set $inv (f64x2.div (v128.const f64x2 1 1) (f64x2.add (v128.const f64x2 1 1) (local.get $e))))
      (v128.store offset=224 (local.get $k)
        (f64x2.mul (v128.load offset=160 (local.get $k))
          (f64x2.mul (local.get $inv) (f64x2.mul (local.get $e) (local.get $inv)))))
      (local.set $k (i32.add (local.get $k) (i32.const 16)))
      (br_if $results (i32.lt_u (local.get $k) (i32.const 64)))))

  ;; Scalar entry points to the kernels' own exp and log1p, for their accuracy tests (scratch 416…).
  (func (export "exp") (param $x f64) (result f64)
    (f64.store offset=416 (i32.const 0) (local.get $x))
    (call $expPairs (i32.const 416) (i32.const 1))
    (f64.load offset=416 (i32.const 0)))

  (func (export "log1p") (param $x f64) (result f64)
    (f64.store offset=416 (i32.const 0) (local.get $x))
    (call $log1pPairs (i32.const 416) (i32.const 480) (i32.const 544) (i32.const 1))
    (f64.load offset=480 (i32.const 0)))

  ;; ---------------------------------------------------------------------------------------------------
  ;; Blocks of 8 rows.

  ;; Writes the addresses, targets and weights of rows k … k + 7 of the selection to the scratch space.
  ;; The selection is rows[0 … count) when rows ≠ 0, else first, first + 1, …; c = 0 means every weight
  ;; is 1. Positions past count repeat the block's first row with weight 0 and target 0.
  (func $gather (param $x i32) (param $rowBytes i32) (param $rows i32) (param $first i32) (param $k i32)
    (param $count i32) (param $y i32) (param $c i32)
    (local $r i32) (local $position i32) (local $row i32)
    (loop $each
      (local.set $position (i32.add (local.get $k) (local.get $r)))
      (if (i32.lt_u (local.get $position) (local.get $count))
        (then
          (local.set $row
            (if (result i32) (local.get $rows)
              (then (i32.load (i32.add (local.get $rows) (i32.shl (local.get $position) (i32.const 2)))))
              (else (i32.add (local.get $first) (local.get $position)))))
          (i32.store offset=64 (i32.shl (local.get $r) (i32.const 2))
            (i32.add (local.get $x) (i32.mul (local.get $row) (local.get $rowBytes))))
          (f64.store offset=96 (i32.shl (local.get $r) (i32.const 3))
            (f64.load (i32.add (local.get $y) (i32.shl (local.get $row) (i32.const 3)))))
          (f64.store offset=160 (i32.shl (local.get $r) (i32.const 3))
            (if (result f64) (local.get $c)
              (then (f64.load (i32.add (local.get $c) (i32.shl (local.get $row) (i32.const 3)))))
              (else (f64.const 1)))))
        (else
          (i32.store offset=64 (i32.shl (local.get $r) (i32.const 2)) (i32.load offset=64 (i32.const 0)))
          (f64.store offset=96 (i32.shl (local.get $r) (i32.const 3)) (f64.const 0))
          (f64.store offset=160 (i32.shl (local.get $r) (i32.const 3)) (f64.const 0))))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br_if $each (i32.lt_u (local.get $r) (i32.const 8)))))

  ;; (a0, a1) + (b0, b1) → (a0 + a1, b0 + b1): the horizontal sums of two accumulators, as one pair.
  (func $pairSums (param $a v128) (param $b v128) (result v128)
    (f64x2.add
      (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $a) (local.get $b))
      (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $a) (local.get $b))))

  ;; (x_0 · w, …, x_7 · w) over the first n entries of w, for the block's 8 float64 rows, as four pairs.
  ;; Row r accumulates columns (2j, 2j + 1) in lane pairs; an odd last column is added at the end.
  (func $dot8_f64 (param $w i32) (param $n i32) (result v128 v128 v128 v128)
    (local $a0 i32) (local $a1 i32) (local $a2 i32) (local $a3 i32)
    (local $a4 i32) (local $a5 i32) (local $a6 i32) (local $a7 i32)
    (local $s0 v128) (local $s1 v128) (local $s2 v128) (local $s3 v128)
    (local $s4 v128) (local $s5 v128) (local $s6 v128) (local $s7 v128)
    (local $o i32) (local $end i32) (local $wv v128)
    (local $z01 v128) (local $z23 v128) (local $z45 v128) (local $z67 v128)
    (local.set $a0 (i32.load offset=64 (i32.const 0)))
    (local.set $a1 (i32.load offset=68 (i32.const 0)))
    (local.set $a2 (i32.load offset=72 (i32.const 0)))
    (local.set $a3 (i32.load offset=76 (i32.const 0)))
    (local.set $a4 (i32.load offset=80 (i32.const 0)))
    (local.set $a5 (i32.load offset=84 (i32.const 0)))
    (local.set $a6 (i32.load offset=88 (i32.const 0)))
    (local.set $a7 (i32.load offset=92 (i32.const 0)))
    (local.set $end (i32.shl (i32.and (local.get $n) (i32.const -2)) (i32.const 3)))
    (block $done
      (loop $columns
        (br_if $done (i32.ge_u (local.get $o) (local.get $end)))
        (local.set $wv (v128.load (i32.add (local.get $w) (local.get $o))))
        (local.set $s0 (f64x2.add (local.get $s0)
          (f64x2.mul (v128.load (i32.add (local.get $a0) (local.get $o))) (local.get $wv))))
        (local.set $s1 (f64x2.add (local.get $s1)
          (f64x2.mul (v128.load (i32.add (local.get $a1) (local.get $o))) (local.get $wv))))
        (local.set $s2 (f64x2.add (local.get $s2)
          (f64x2.mul (v128.load (i32.add (local.get $a2) (local.get $o))) (local.get $wv))))
        (local.set $s3 (f64x2.add (local.get $s3)
          (f64x2.mul (v128.load (i32.add (local.get $a3) (local.get $o))) (local.get $wv))))
        (local.set $s4 (f64x2.add (local.get $s4)
          (f64x2.mul (v128.load (i32.add (local.get $a4) (local.get $o))) (local.get $wv))))
        (local.set $s5 (f64x2.add (local.get $s5)
          (f64x2.mul (v128.load (i32.add (local.get $a5) (local.get $o))) (local.get $wv))))
        (local.set $s6 (f64x2.add (local.get $s6)
          (f64x2.mul (v128.load (i32.add (local.get $a6) (local.get $o))) (local.get $wv))))
        (local.set $s7 (f64x2.add (local.get $s7)
          (f64x2.mul (v128.load (i32.add (local.get $a7) (local.get $o))) (local.get $wv))))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $columns)))
    (local.set $z01 (call $pairSums (local.get $s0) (local.get $s1)))
    (local.set $z23 (call $pairSums (local.get $s2) (local.get $s3)))
    (local.set $z45 (call $pairSums (local.get $s4) (local.get $s5)))
    (local.set $z67 (call $pairSums (local.get $s6) (local.get $s7)))
    (if (i32.and (local.get $n) (i32.const 1))
      (then
        (local.set $wv (v128.load64_splat (i32.add (local.get $w) (local.get $end))))
        (local.set $z01 (f64x2.add (local.get $z01) (f64x2.mul (local.get $wv)
          (f64x2.replace_lane 1 (v128.load64_zero (i32.add (local.get $a0) (local.get $end)))
            (f64.load (i32.add (local.get $a1) (local.get $end)))))))
        (local.set $z23 (f64x2.add (local.get $z23) (f64x2.mul (local.get $wv)
          (f64x2.replace_lane 1 (v128.load64_zero (i32.add (local.get $a2) (local.get $end)))
            (f64.load (i32.add (local.get $a3) (local.get $end)))))))
        (local.set $z45 (f64x2.add (local.get $z45) (f64x2.mul (local.get $wv)
          (f64x2.replace_lane 1 (v128.load64_zero (i32.add (local.get $a4) (local.get $end)))
            (f64.load (i32.add (local.get $a5) (local.get $end)))))))
        (local.set $z67 (f64x2.add (local.get $z67) (f64x2.mul (local.get $wv)
          (f64x2.replace_lane 1 (v128.load64_zero (i32.add (local.get $a6) (local.get $end)))
            (f64.load (i32.add (local.get $a7) (local.get $end)))))))))
    (local.get $z01) (local.get $z23) (local.get $z45) (local.get $z67))

  ;; $dot8_f64 for float32 rows: each pair of columns is loaded as two floats and promoted exactly.
  (func $dot8_f32 (param $w i32) (param $n i32) (result v128 v128 v128 v128)
    (local $a0 i32) (local $a1 i32) (local $a2 i32) (local $a3 i32)
    (local $a4 i32) (local $a5 i32) (local $a6 i32) (local $a7 i32)
    (local $s0 v128) (local $s1 v128) (local $s2 v128) (local $s3 v128)
    (local $s4 v128) (local $s5 v128) (local $s6 v128) (local $s7 v128)
    (local $o i32) (local $p i32) (local $end i32) (local $wv v128)
    (local $z01 v128) (local $z23 v128) (local $z45 v128) (local $z67 v128)
    (local.set $a0 (i32.load offset=64 (i32.const 0)))
    (local.set $a1 (i32.load offset=68 (i32.const 0)))
    (local.set $a2 (i32.load offset=72 (i32.const 0)))
    (local.set $a3 (i32.load offset=76 (i32.const 0)))
    (local.set $a4 (i32.load offset=80 (i32.const 0)))
    (local.set $a5 (i32.load offset=84 (i32.const 0)))
    (local.set $a6 (i32.load offset=88 (i32.const 0)))
    (local.set $a7 (i32.load offset=92 (i32.const 0)))
    (local.set $end (i32.shl (i32.and (local.get $n) (i32.const -2)) (i32.const 2)))
    (block $done
      (loop $columns
        (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $wv (v128.load (i32.add (local.get $w) (local.get $o))))
        (local.set $s0 (f64x2.add (local.get $s0) (f64x2.mul (local.get $wv)
          (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $a0) (local.get $p)))))))
        (local.set $s1 (f64x2.add (local.get $s1) (f64x2.mul (local.get $wv)
          (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $a1) (local.get $p)))))))
        (local.set $s2 (f64x2.add (local.get $s2) (f64x2.mul (local.get $wv)
          (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $a2) (local.get $p)))))))
        (local.set $s3 (f64x2.add (local.get $s3) (f64x2.mul (local.get $wv)
          (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $a3) (local.get $p)))))))
        (local.set $s4 (f64x2.add (local.get $s4) (f64x2.mul (local.get $wv)
          (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $a4) (local.get $p)))))))
        (local.set $s5 (f64x2.add (local.get $s5) (f64x2.mul (local.get $wv)
          (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $a5) (local.get $p)))))))
        (local.set $s6 (f64x2.add (local.get $s6) (f64x2.mul (local.get $wv)
          (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $a6) (local.get $p)))))))
        (local.set $s7 (f64x2.add (local.get $s7) (f64x2.mul (local.get $wv)
          (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $a7) (local.get $p)))))))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (local.set $p (i32.add (local.get $p) (i32.const 8)))
        (br $columns)))
    (local.set $z01 (call $pairSums (local.get $s0) (local.get $s1)))
    (local.set $z23 (call $pairSums (local.get $s2) (local.get $s3)))
    (local.set $z45 (call $pairSums (local.get $s4) (local.get $s5)))
    (local.set $z67 (call $pairSums (local.get $s6) (local.get $s7)))
    (if (i32.and (local.get $n) (i32.const 1))
      (then
        (local.set $wv (v128.load64_splat (i32.add (local.get $w) (local.get $o))))
        (local.set $z01 (f64x2.add (local.get $z01) (f64x2.mul (local.get $wv)
          (f64x2.replace_lane 1
            (f64x2.splat (f64.promote_f32 (f32.load (i32.add (local.get $a0) (local.get $end)))))
            (f64.promote_f32 (f32.load (i32.add (local.get $a1) (local.get $end))))))))
        (local.set $z23 (f64x2.add (local.get $z23) (f64x2.mul (local.get $wv)
          (f64x2.replace_lane 1
            (f64x2.splat (f64.promote_f32 (f32.load (i32.add (local.get $a2) (local.get $end)))))
            (f64.promote_f32 (f32.load (i32.add (local.get $a3) (local.get $end))))))))
        (local.set $z45 (f64x2.add (local.get $z45) (f64x2.mul (local.get $wv)
          (f64x2.replace_lane 1
            (f64x2.splat (f64.promote_f32 (f32.load (i32.add (local.get $a4) (local.get $end)))))
            (f64.promote_f32 (f32.load (i32.add (local.get $a5) (local.get $end))))))))
        (local.set $z67 (f64x2.add (local.get $z67) (f64x2.mul (local.get $wv)
          (f64x2.replace_lane 1
            (f64x2.splat (f64.promote_f32 (f32.load (i32.add (local.get $a6) (local.get $end)))))
            (f64.promote_f32 (f32.load (i32.add (local.get $a7) (local.get $end))))))))))
    (local.get $z01) (local.get $z23) (local.get $z45) (local.get $z67))

  ;; out[j] += Σ_r s_r x_r[j] over the block's 8 float64 rows, for j < n; the eight products are summed as a
  ;; balanced tree before the one update of out[j].
  (func $axpy8_f64 (param $s01 v128) (param $s23 v128) (param $s45 v128) (param $s67 v128) (param $out i32)
    (param $n i32)
    (local $a0 i32) (local $a1 i32) (local $a2 i32) (local $a3 i32)
    (local $a4 i32) (local $a5 i32) (local $a6 i32) (local $a7 i32)
    (local $s0 v128) (local $s1 v128) (local $s2 v128) (local $s3 v128)
    (local $s4 v128) (local $s5 v128) (local $s6 v128) (local $s7 v128)
    (local $o i32) (local $end i32) (local $at i32)
    (local.set $a0 (i32.load offset=64 (i32.const 0)))
    (local.set $a1 (i32.load offset=68 (i32.const 0)))
    (local.set $a2 (i32.load offset=72 (i32.const 0)))
    (local.set $a3 (i32.load offset=76 (i32.const 0)))
    (local.set $a4 (i32.load offset=80 (i32.const 0)))
    (local.set $a5 (i32.load offset=84 (i32.const 0)))
    (local.set $a6 (i32.load offset=88 (i32.const 0)))
    (local.set $a7 (i32.load offset=92 (i32.const 0)))
    (local.set $s0 (f64x2.splat (f64x2.extract_lane 0 (local.get $s01))))
    (local.set $s1 (f64x2.splat (f64x2.extract_lane 1 (local.get $s01))))
    (local.set $s2 (f64x2.splat (f64x2.extract_lane 0 (local.get $s23))))
    (local.set $s3 (f64x2.splat (f64x2.extract_lane 1 (local.get $s23))))
    (local.set $s4 (f64x2.splat (f64x2.extract_lane 0 (local.get $s45))))
    (local.set $s5 (f64x2.splat (f64x2.extract_lane 1 (local.get $s45))))
    (local.set $s6 (f64x2.splat (f64x2.extract_lane 0 (local.get $s67))))
    (local.set $s7 (f64x2.splat (f64x2.extract_lane 1 (local.get $s67))))
    (local.set $end (i32.shl (i32.and (local.get $n) (i32.const -2)) (i32.const 3)))
    (block $done
      (loop $columns
        (br_if $done (i32.ge_u (local.get $o) (local.get $end)))
        (local.set $at (i32.add (local.get $out) (local.get $o)))
        (v128.store (local.get $at)
          (f64x2.add (v128.load (local.get $at))
            (f64x2.add
              (f64x2.add
                (f64x2.add
                  (f64x2.mul (v128.load (i32.add (local.get $a0) (local.get $o))) (local.get $s0))
                  (f64x2.mul (v128.load (i32.add (local.get $a1) (local.get $o))) (local.get $s1)))
                (f64x2.add
                  (f64x2.mul (v128.load (i32.add (local.get $a2) (local.get $o))) (local.get $s2))
                  (f64x2.mul (v128.load (i32.add (local.get $a3) (local.get $o))) (local.get $s3))))
              (f64x2.add
                (f64x2.add
                  (f64x2.mul (v128.load (i32.add (local.get $a4) (local.get $o))) (local.get $s4))
                  (f64x2.mul (v128.load (i32.add (local.get $a5) (local.get $o))) (local.get $s5)))
                (f64x2.add
                  (f64x2.mul (v128.load (i32.add (local.get $a6) (local.get $o))) (local.get $s6))
                  (f64x2.mul (v128.load (i32.add (local.get $a7) (local.get $o))) (local.get $s7)))))))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $columns)))
    (if (i32.and (local.get $n) (i32.const 1))
      (then
        (local.set $at (i32.add (local.get $out) (local.get $end)))
        (f64.store (local.get $at)
          (f64.add (f64.load (local.get $at))
            (f64.add
              (f64.add
                (f64.add
                  (f64.mul (f64.load (i32.add (local.get $a0) (local.get $end))) (f64x2.extract_lane 0 (local.get $s0)))
                  (f64.mul (f64.load (i32.add (local.get $a1) (local.get $end))) (f64x2.extract_lane 0 (local.get $s1))))
                (f64.add
                  (f64.mul (f64.load (i32.add (local.get $a2) (local.get $end))) (f64x2.extract_lane 0 (local.get $s2)))
                  (f64.mul (f64.load (i32.add (local.get $a3) (local.get $end))) (f64x2.extract_lane 0 (local.get $s3)))))
              (f64.add
                (f64.add
                  (f64.mul (f64.load (i32.add (local.get $a4) (local.get $end))) (f64x2.extract_lane 0 (local.get $s4)))
                  (f64.mul (f64.load (i32.add (local.get $a5) (local.get $end))) (f64x2.extract_lane 0 (local.get $s5))))
                (f64.add
                  (f64.mul (f64.load (i32.add (local.get $a6) (local.get $end))) (f64x2.extract_lane 0 (local.get $s6)))
                  (f64.mul (f64.load (i32.add (local.get $a7) (local.get $end))) (f64x2.extract_lane 0 (local.get $s7)))))))))))

  ;; $axpy8_f64 for float32 rows.
  (func $axpy8_f32 (param $s01 v128) (param $s23 v128) (param $s45 v128) (param $s67 v128) (param $out i32)
    (param $n i32)
    (local $a0 i32) (local $a1 i32) (local $a2 i32) (local $a3 i32)
    (local $a4 i32) (local $a5 i32) (local $a6 i32) (local $a7 i32)
    (local $s0 v128) (local $s1 v128) (local $s2 v128) (local $s3 v128)
    (local $s4 v128) (local $s5 v128) (local $s6 v128) (local $s7 v128)
    (local $o i32) (local $p i32) (local $end i32) (local $at i32)
    (local.set $a0 (i32.load offset=64 (i32.const 0)))
    (local.set $a1 (i32.load offset=68 (i32.const 0)))
    (local.set $a2 (i32.load offset=72 (i32.const 0)))
    (local.set $a3 (i32.load offset=76 (i32.const 0)))
    (local.set $a4 (i32.load offset=80 (i32.const 0)))
    (local.set $a5 (i32.load offset=84 (i32.const 0)))
    (local.set $a6 (i32.load offset=88 (i32.const 0)))
    (local.set $a7 (i32.load offset=92 (i32.const 0)))
    (local.set $s0 (f64x2.splat (f64x2.extract_lane 0 (local.get $s01))))
    (local.set $s1 (f64x2.splat (f64x2.extract_lane 1 (local.get $s01))))
    (local.set $s2 (f64x2.splat (f64x2.extract_lane 0 (local.get $s23))))
    (local.set $s3 (f64x2.splat (f64x2.extract_lane 1 (local.get $s23))))
    (local.set $s4 (f64x2.splat (f64x2.extract_lane 0 (local.get $s45))))
    (local.set $s5 (f64x2.splat (f64x2.extract_lane 1 (local.get $s45))))
    (local.set $s6 (f64x2.splat (f64x2.extract_lane 0 (local.get $s67))))
    (local.set $s7 (f64x2.splat (f64x2.extract_lane 1 (local.get $s67))))
    (local.set $end (i32.shl (i32.and (local.get $n) (i32.const -2)) (i32.const 2)))
    (block $done
      (loop $columns
        (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $at (i32.add (local.get $out) (local.get $o)))
        (v128.store (local.get $at)
          (f64x2.add (v128.load (local.get $at))
            (f64x2.add
              (f64x2.add
                (f64x2.add
                  (f64x2.mul (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $a0) (local.get $p)))) (local.get $s0))
                  (f64x2.mul (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $a1) (local.get $p)))) (local.get $s1)))
                (f64x2.add
                  (f64x2.mul (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $a2) (local.get $p)))) (local.get $s2))
                  (f64x2.mul (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $a3) (local.get $p)))) (local.get $s3))))
              (f64x2.add
                (f64x2.add
                  (f64x2.mul (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $a4) (local.get $p)))) (local.get $s4))
                  (f64x2.mul (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $a5) (local.get $p)))) (local.get $s5)))
                (f64x2.add
                  (f64x2.mul (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $a6) (local.get $p)))) (local.get $s6))
                  (f64x2.mul (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $a7) (local.get $p)))) (local.get $s7)))))))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (local.set $p (i32.add (local.get $p) (i32.const 8)))
        (br $columns)))
    (if (i32.and (local.get $n) (i32.const 1))
      (then
        (local.set $at (i32.add (local.get $out) (local.get $o)))
        (f64.store (local.get $at)
          (f64.add (f64.load (local.get $at))
            (f64.add
              (f64.add
                (f64.add
                  (f64.mul (f64.promote_f32 (f32.load (i32.add (local.get $a0) (local.get $end)))) (f64x2.extract_lane 0 (local.get $s0)))
                  (f64.mul (f64.promote_f32 (f32.load (i32.add (local.get $a1) (local.get $end)))) (f64x2.extract_lane 0 (local.get $s1))))
                (f64.add
                  (f64.mul (f64.promote_f32 (f32.load (i32.add (local.get $a2) (local.get $end)))) (f64x2.extract_lane 0 (local.get $s2)))
                  (f64.mul (f64.promote_f32 (f32.load (i32.add (local.get $a3) (local.get $end)))) (f64x2.extract_lane 0 (local.get $s3)))))
              (f64.add
                (f64.add
                  (f64.mul (f64.promote_f32 (f32.load (i32.add (local.get $a4) (local.get $end)))) (f64x2.extract_lane 0 (local.get $s4)))
                  (f64.mul (f64.promote_f32 (f32.load (i32.add (local.get $a5) (local.get $end)))) (f64x2.extract_lane 0 (local.get $s5))))
                (f64.add
                  (f64.mul (f64.promote_f32 (f32.load (i32.add (local.get $a6) (local.get $end)))) (f64x2.extract_lane 0 (local.get $s6)))
                  (f64.mul (f64.promote_f32 (f32.load (i32.add (local.get $a7) (local.get $end)))) (f64x2.extract_lane 0 (local.get $s7)))))))))))

  ;; Adds Σ_r D_r x̃_r x̃_rᵀ to the upper triangle of the dim × dim row-major H, for the block's 8 float64
  ;; rows with curvatures D_r (scratch 224): x̃ = [x, 1] when intercept ≠ 0 (dim = n + 1), else x.
  (func $syr8_f64 (param $H i32) (param $dim i32) (param $n i32) (param $intercept i32)
    (local $a0 i32) (local $a1 i32) (local $a2 i32) (local $a3 i32)
    (local $a4 i32) (local $a5 i32) (local $a6 i32) (local $a7 i32)
    (local $s0 f64) (local $s1 f64) (local $s2 f64) (local $s3 f64)
    (local $s4 f64) (local $s5 f64) (local $s6 f64) (local $s7 f64)
    (local $v0 v128) (local $v1 v128) (local $v2 v128) (local $v3 v128)
    (local $v4 v128) (local $v5 v128) (local $v6 v128) (local $v7 v128)
    (local $j i32) (local $o i32) (local $end i32) (local $row i32) (local $at i32)
    (local.set $a0 (i32.load offset=64 (i32.const 0)))
    (local.set $a1 (i32.load offset=68 (i32.const 0)))
    (local.set $a2 (i32.load offset=72 (i32.const 0)))
    (local.set $a3 (i32.load offset=76 (i32.const 0)))
    (local.set $a4 (i32.load offset=80 (i32.const 0)))
    (local.set $a5 (i32.load offset=84 (i32.const 0)))
    (local.set $a6 (i32.load offset=88 (i32.const 0)))
    (local.set $a7 (i32.load offset=92 (i32.const 0)))
    (local.set $end (i32.shl (local.get $n) (i32.const 3)))
    (block $rowsDone
      (loop $rows
        (br_if $rowsDone (i32.ge_u (local.get $j) (local.get $n)))
        (local.set $o (i32.shl (local.get $j) (i32.const 3)))
        ;; s_r = D_r x_r[j]: row j of the update is Σ_r s_r x_r.
        (local.set $s0 (f64.mul (f64.load offset=224 (i32.const 0)) (f64.load (i32.add (local.get $a0) (local.get $o)))))
        (local.set $s1 (f64.mul (f64.load offset=232 (i32.const 0)) (f64.load (i32.add (local.get $a1) (local.get $o)))))
        (local.set $s2 (f64.mul (f64.load offset=240 (i32.const 0)) (f64.load (i32.add (local.get $a2) (local.get $o)))))
        (local.set $s3 (f64.mul (f64.load offset=248 (i32.const 0)) (f64.load (i32.add (local.get $a3) (local.get $o)))))
        (local.set $s4 (f64.mul (f64.load offset=256 (i32.const 0)) (f64.load (i32.add (local.get $a4) (local.get $o)))))
        (local.set $s5 (f64.mul (f64.load offset=264 (i32.const 0)) (f64.load (i32.add (local.get $a5) (local.get $o)))))
        (local.set $s6 (f64.mul (f64.load offset=272 (i32.const 0)) (f64.load (i32.add (local.get $a6) (local.get $o)))))
        (local.set $s7 (f64.mul (f64.load offset=280 (i32.const 0)) (f64.load (i32.add (local.get $a7) (local.get $o)))))
        (local.set $v0 (f64x2.splat (local.get $s0)))
        (local.set $v1 (f64x2.splat (local.get $s1)))
        (local.set $v2 (f64x2.splat (local.get $s2)))
        (local.set $v3 (f64x2.splat (local.get $s3)))
        (local.set $v4 (f64x2.splat (local.get $s4)))
        (local.set $v5 (f64x2.splat (local.get $s5)))
        (local.set $v6 (f64x2.splat (local.get $s6)))
        (local.set $v7 (f64x2.splat (local.get $s7)))
        ;; H[j, k] for k = j … n − 1, two at a time; $row is &H[j, 0].
        (local.set $row (i32.add (local.get $H) (i32.shl (i32.mul (local.get $j) (local.get $dim)) (i32.const 3))))
        (block $pairsDone
          (loop $pairs
            (br_if $pairsDone (i32.gt_u (i32.add (local.get $o) (i32.const 16)) (local.get $end)))
            (local.set $at (i32.add (local.get $row) (local.get $o)))
            (v128.store (local.get $at)
              (f64x2.add (v128.load (local.get $at))
                (f64x2.add
                  (f64x2.add
                    (f64x2.add
                      (f64x2.mul (v128.load (i32.add (local.get $a0) (local.get $o))) (local.get $v0))
                      (f64x2.mul (v128.load (i32.add (local.get $a1) (local.get $o))) (local.get $v1)))
                    (f64x2.add
                      (f64x2.mul (v128.load (i32.add (local.get $a2) (local.get $o))) (local.get $v2))
                      (f64x2.mul (v128.load (i32.add (local.get $a3) (local.get $o))) (local.get $v3))))
                  (f64x2.add
                    (f64x2.add
                      (f64x2.mul (v128.load (i32.add (local.get $a4) (local.get $o))) (local.get $v4))
                      (f64x2.mul (v128.load (i32.add (local.get $a5) (local.get $o))) (local.get $v5)))
                    (f64x2.add
                      (f64x2.mul (v128.load (i32.add (local.get $a6) (local.get $o))) (local.get $v6))
                      (f64x2.mul (v128.load (i32.add (local.get $a7) (local.get $o))) (local.get $v7)))))))
            (local.set $o (i32.add (local.get $o) (i32.const 16)))
            (br $pairs)))
        (if (i32.lt_u (local.get $o) (local.get $end))
          (then
            (local.set $at (i32.add (local.get $row) (local.get $o)))
            (f64.store (local.get $at)
              (f64.add (f64.load (local.get $at))
                (f64.add
                  (f64.add
                    (f64.add
                      (f64.mul (f64.load (i32.add (local.get $a0) (local.get $o))) (local.get $s0))
                      (f64.mul (f64.load (i32.add (local.get $a1) (local.get $o))) (local.get $s1)))
                    (f64.add
                      (f64.mul (f64.load (i32.add (local.get $a2) (local.get $o))) (local.get $s2))
                      (f64.mul (f64.load (i32.add (local.get $a3) (local.get $o))) (local.get $s3))))
                  (f64.add
                    (f64.add
                      (f64.mul (f64.load (i32.add (local.get $a4) (local.get $o))) (local.get $s4))
                      (f64.mul (f64.load (i32.add (local.get $a5) (local.get $o))) (local.get $s5)))
                    (f64.add
                      (f64.mul (f64.load (i32.add (local.get $a6) (local.get $o))) (local.get $s6))
                      (f64.mul (f64.load (i32.add (local.get $a7) (local.get $o))) (local.get $s7)))))))))
        (if (local.get $intercept)
          (then
            (local.set $at (i32.add (local.get $row) (local.get $end)))
            (f64.store (local.get $at)
              (f64.add (f64.load (local.get $at))
                (f64.add
                  (f64.add (f64.add (local.get $s0) (local.get $s1)) (f64.add (local.get $s2) (local.get $s3)))
                  (f64.add (f64.add (local.get $s4) (local.get $s5)) (f64.add (local.get $s6) (local.get $s7))))))))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $rows)))
    (call $addInterceptCorner (local.get $H) (local.get $dim) (local.get $n) (local.get $intercept)))

  ;; $syr8_f64 for float32 rows.
  (func $syr8_f32 (param $H i32) (param $dim i32) (param $n i32) (param $intercept i32)
    (local $a0 i32) (local $a1 i32) (local $a2 i32) (local $a3 i32)
    (local $a4 i32) (local $a5 i32) (local $a6 i32) (local $a7 i32)
    (local $s0 f64) (local $s1 f64) (local $s2 f64) (local $s3 f64)
    (local $s4 f64) (local $s5 f64) (local $s6 f64) (local $s7 f64)
    (local $v0 v128) (local $v1 v128) (local $v2 v128) (local $v3 v128)
    (local $v4 v128) (local $v5 v128) (local $v6 v128) (local $v7 v128)
    (local $j i32) (local $o i32) (local $p i32) (local $end i32) (local $row i32) (local $at i32)
    (local.set $a0 (i32.load offset=64 (i32.const 0)))
    (local.set $a1 (i32.load offset=68 (i32.const 0)))
    (local.set $a2 (i32.load offset=72 (i32.const 0)))
    (local.set $a3 (i32.load offset=76 (i32.const 0)))
    (local.set $a4 (i32.load offset=80 (i32.const 0)))
    (local.set $a5 (i32.load offset=84 (i32.const 0)))
    (local.set $a6 (i32.load offset=88 (i32.const 0)))
    (local.set $a7 (i32.load offset=92 (i32.const 0)))
    (local.set $end (i32.shl (local.get $n) (i32.const 3)))
    (block $rowsDone
      (loop $rows
        (br_if $rowsDone (i32.ge_u (local.get $j) (local.get $n)))
        ;; $o walks H (8 bytes a column), $p the float32 rows (4 bytes a column).
        (local.set $o (i32.shl (local.get $j) (i32.const 3)))
        (local.set $p (i32.shl (local.get $j) (i32.const 2)))
        (local.set $s0 (f64.mul (f64.load offset=224 (i32.const 0)) (f64.promote_f32 (f32.load (i32.add (local.get $a0) (local.get $p))))))
        (local.set $s1 (f64.mul (f64.load offset=232 (i32.const 0)) (f64.promote_f32 (f32.load (i32.add (local.get $a1) (local.get $p))))))
        (local.set $s2 (f64.mul (f64.load offset=240 (i32.const 0)) (f64.promote_f32 (f32.load (i32.add (local.get $a2) (local.get $p))))))
        (local.set $s3 (f64.mul (f64.load offset=248 (i32.const 0)) (f64.promote_f32 (f32.load (i32.add (local.get $a3) (local.get $p))))))
        (local.set $s4 (f64.mul (f64.load offset=256 (i32.const 0)) (f64.promote_f32 (f32.load (i32.add (local.get $a4) (local.get $p))))))
        (local.set $s5 (f64.mul (f64.load offset=264 (i32.const 0)) (f64.promote_f32 (f32.load (i32.add (local.get $a5) (local.get $p))))))
        (local.set $s6 (f64.mul (f64.load offset=272 (i32.const 0)) (f64.promote_f32 (f32.load (i32.add (local.get $a6) (local.get $p))))))
        (local.set $s7 (f64.mul (f64.load offset=280 (i32.const 0)) (f64.promote_f32 (f32.load (i32.add (local.get $a7) (local.get $p))))))
        (local.set $v0 (f64x2.splat (local.get $s0)))
        (local.set $v1 (f64x2.splat (local.get $s1)))
        (local.set $v2 (f64x2.splat (local.get $s2)))
        (local.set $v3 (f64x2.splat (local.get $s3)))
        (local.set $v4 (f64x2.splat (local.get $s4)))
        (local.set $v5 (f64x2.splat (local.get $s5)))
        (local.set $v6 (f64x2.splat (local.get $s6)))
        (local.set $v7 (f64x2.splat (local.get $s7)))
        (local.set $row (i32.add (local.get $H) (i32.shl (i32.mul (local.get $j) (local.get $dim)) (i32.const 3))))
        (block $pairsDone
          (loop $pairs
            (br_if $pairsDone (i32.gt_u (i32.add (local.get $o) (i32.const 16)) (local.get $end)))
            (local.set $at (i32.add (local.get $row) (local.get $o)))
            (v128.store (local.get $at)
              (f64x2.add (v128.load (local.get $at))
                (f64x2.add
                  (f64x2.add
                    (f64x2.add
                      (f64x2.mul (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $a0) (local.get $p)))) (local.get $v0))
                      (f64x2.mul (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $a1) (local.get $p)))) (local.get $v1)))
                    (f64x2.add
                      (f64x2.mul (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $a2) (local.get $p)))) (local.get $v2))
                      (f64x2.mul (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $a3) (local.get $p)))) (local.get $v3))))
                  (f64x2.add
                    (f64x2.add
                      (f64x2.mul (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $a4) (local.get $p)))) (local.get $v4))
                      (f64x2.mul (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $a5) (local.get $p)))) (local.get $v5)))
                    (f64x2.add
                      (f64x2.mul (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $a6) (local.get $p)))) (local.get $v6))
                      (f64x2.mul (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $a7) (local.get $p)))) (local.get $v7)))))))
            (local.set $o (i32.add (local.get $o) (i32.const 16)))
            (local.set $p (i32.add (local.get $p) (i32.const 8)))
            (br $pairs)))
        (if (i32.lt_u (local.get $o) (local.get $end))
          (then
            (local.set $at (i32.add (local.get $row) (local.get $o)))
            (f64.store (local.get $at)
              (f64.add (f64.load (local.get $at))
                (f64.add
                  (f64.add
                    (f64.add
                      (f64.mul (f64.promote_f32 (f32.load (i32.add (local.get $a0) (local.get $p)))) (local.get $s0))
                      (f64.mul (f64.promote_f32 (f32.load (i32.add (local.get $a1) (local.get $p)))) (local.get $s1)))
                    (f64.add
                      (f64.mul (f64.promote_f32 (f32.load (i32.add (local.get $a2) (local.get $p)))) (local.get $s2))
                      (f64.mul (f64.promote_f32 (f32.load (i32.add (local.get $a3) (local.get $p)))) (local.get $s3))))
                  (f64.add
                    (f64.add
                      (f64.mul (f64.promote_f32 (f32.load (i32.add (local.get $a4) (local.get $p)))) (local.get $s4))
                      (f64.mul (f64.promote_f32 (f32.load (i32.add (local.get $a5) (local.get $p)))) (local.get $s5)))
                    (f64.add
                      (f64.mul (f64.promote_f32 (f32.load (i32.add (local.get $a6) (local.get $p)))) (local.get $s6))
                      (f64.mul (f64.promote_f32 (f32.load (i32.add (local.get $a7) (local.get $p)))) (local.get $s7)))))))))
        (if (local.get $intercept)
          (then
            (local.set $at (i32.add (local.get $row) (local.get $end)))
            (f64.store (local.get $at)
              (f64.add (f64.load (local.get $at))
                (f64.add
                  (f64.add (f64.add (local.get $s0) (local.get $s1)) (f64.add (local.get $s2) (local.get $s3)))
                  (f64.add (f64.add (local.get $s4) (local.get $s5)) (f64.add (local.get $s6) (local.get $s7))))))))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $rows)))
    (call $addInterceptCorner (local.get $H) (local.get $dim) (local.get $n) (local.get $intercept)))

  ;; H[n, n] += Σ_r D_r, the intercept's own entry, when there is an intercept.
  (func $addInterceptCorner (param $H i32) (param $dim i32) (param $n i32) (param $intercept i32)
    (local $at i32)
    (if (local.get $intercept)
      (then
        (local.set $at
          (i32.add (local.get $H)
            (i32.shl (i32.add (i32.mul (local.get $n) (local.get $dim)) (local.get $n)) (i32.const 3))))
        (f64.store (local.get $at)
          (f64.add (f64.load (local.get $at))
            (f64.add
              (f64.add
                (f64.add (f64.load offset=224 (i32.const 0)) (f64.load offset=232 (i32.const 0)))
                (f64.add (f64.load offset=240 (i32.const 0)) (f64.load offset=248 (i32.const 0))))
              (f64.add
                (f64.add (f64.load offset=256 (i32.const 0)) (f64.load offset=264 (i32.const 0)))
                (f64.add (f64.load offset=272 (i32.const 0)) (f64.load offset=280 (i32.const 0))))))))))

  ;; The block's logits x_r · w + b, as four pairs, stored at `to`.
  (func $logits (param $f32 i32) (param $w i32) (param $n i32) (param $b v128) (param $to i32)
    (local $z01 v128) (local $z23 v128) (local $z45 v128) (local $z67 v128)
    (if (result v128 v128 v128 v128) (local.get $f32)
      (then (call $dot8_f32 (local.get $w) (local.get $n)))
      (else (call $dot8_f64 (local.get $w) (local.get $n))))
    (local.set $z67)
    (local.set $z45)
    (local.set $z23)
    (local.set $z01)
    (v128.store (local.get $to) (f64x2.add (local.get $z01) (local.get $b)))
    (v128.store offset=16 (local.get $to) (f64x2.add (local.get $z23) (local.get $b)))
    (v128.store offset=32 (local.get $to) (f64x2.add (local.get $z45) (local.get $b)))
    (v128.store offset=48 (local.get $to) (f64x2.add (local.get $z67) (local.get $b))))

  (func $axpy8 (param $f32 i32) (param $s01 v128) (param $s23 v128) (param $s45 v128) (param $s67 v128)
    (param $out i32) (param $n i32)
    (if (local.get $f32)
      (then (call $axpy8_f32 (local.get $s01) (local.get $s23) (local.get $s45) (local.get $s67)
        (local.get $out) (local.get $n)))
      (else (call $axpy8_f64 (local.get $s01) (local.get $s23) (local.get $s45) (local.get $s67)
        (local.get $out) (local.get $n)))))

  ;; Lane 0 + lane 1.
  (func $total (param $v v128) (result f64)
    (f64.add (f64x2.extract_lane 0 (local.get $v)) (f64x2.extract_lane 1 (local.get $v))))

  ;; ---------------------------------------------------------------------------------------------------
  ;; The kernels. Each takes X at byte address x with n columns (f32 ≠ 0: stored as float32), a selection of
  ;; rows (see $gather), targets at y, weights at c (0: all 1), and w (n float64) with the intercept b.

  ;; The sum of a block's 8 values at `at`, as a pair: (v0 + v2) + (v4 + v6) in lane 0, likewise lane 1.
  (func $blockSum (param $at i32) (result v128)
    (f64x2.add
      (f64x2.add (v128.load (local.get $at)) (v128.load offset=16 (local.get $at)))
      (f64x2.add (v128.load offset=32 (local.get $at)) (v128.load offset=48 (local.get $at)))))

  ;; Scratch 0 ← Σ c_i ℓ_i; scratch 8 ← Σ c_i (σ(z_i) − y_i); grad[j] += Σ c_i (σ(z_i) − y_i) x_ij.
  ;; Mirrors the reference's lossAndGradientSum (core, logisticObjective.ts).
  (func (export "lossAndGradient") (param $x i32) (param $n i32) (param $f32 i32) (param $rows i32)
    (param $first i32) (param $count i32) (param $y i32) (param $c i32) (param $w i32) (param $b f64)
    (param $grad i32)
    (local $k i32) (local $rowBytes i32) (local $bias v128) (local $lossSum v128) (local $residualSum v128)
    (local.set $rowBytes (i32.shl (local.get $n) (select (i32.const 2) (i32.const 3) (local.get $f32))))
    (local.set $bias (f64x2.splat (local.get $b)))
    (block $done
      (loop $blocks
        (br_if $done (i32.ge_u (local.get $k) (local.get $count)))
        (call $gather (local.get $x) (local.get $rowBytes) (local.get $rows) (local.get $first) (local.get $k)
          (local.get $count) (local.get $y) (local.get $c))
        (call $logits (local.get $f32) (local.get $w) (local.get $n) (local.get $bias) (i32.const 288))
        (call $logisticBlock)
        (local.set $lossSum (f64x2.add (local.get $lossSum) (call $blockSum (i32.const 480))))
        (local.set $residualSum (f64x2.add (local.get $residualSum) (call $blockSum (i32.const 608))))
        (call $axpy8 (local.get $f32)
          (v128.load offset=608 (i32.const 0)) (v128.load offset=624 (i32.const 0))
          (v128.load offset=640 (i32.const 0)) (v128.load offset=656 (i32.const 0))
          (local.get $grad) (local.get $n))
        (local.set $k (i32.add (local.get $k) (i32.const 8)))
        (br $blocks)))
    (f64.store (i32.const 0) (call $total (local.get $lossSum)))
    (f64.store (i32.const 8) (call $total (local.get $residualSum))))

  ;; Scratch 0 ← Σ c_i ℓ_i. Mirrors the reference's lossSum.
  (func (export "loss") (param $x i32) (param $n i32) (param $f32 i32) (param $rows i32) (param $first i32)
    (param $count i32) (param $y i32) (param $c i32) (param $w i32) (param $b f64)
    (local $k i32) (local $rowBytes i32) (local $bias v128) (local $lossSum v128)
    (local.set $rowBytes (i32.shl (local.get $n) (select (i32.const 2) (i32.const 3) (local.get $f32))))
    (local.set $bias (f64x2.splat (local.get $b)))
    (block $done
      (loop $blocks
        (br_if $done (i32.ge_u (local.get $k) (local.get $count)))
        (call $gather (local.get $x) (local.get $rowBytes) (local.get $rows) (local.get $first) (local.get $k)
          (local.get $count) (local.get $y) (local.get $c))
        (call $logits (local.get $f32) (local.get $w) (local.get $n) (local.get $bias) (i32.const 288))
        (call $logisticBlock)
        (local.set $lossSum (f64x2.add (local.get $lossSum) (call $blockSum (i32.const 480))))
        (local.set $k (i32.add (local.get $k) (i32.const 8)))
        (br $blocks)))
    (f64.store (i32.const 0) (call $total (local.get $lossSum))))

  ;; With D_i = c_i σ(z_i)σ(−z_i) and p_i = D_i (x_i · v + vb): out[j] += Σ p_i x_ij; scratch 8 ← Σ p_i.
  ;; Mirrors the reference's hessianVectorProduct, before finishHessianVectorProduct.
  (func (export "hessianVectorProduct") (param $x i32) (param $n i32) (param $f32 i32) (param $first i32)
    (param $count i32) (param $y i32) (param $c i32) (param $w i32) (param $b f64) (param $v i32)
    (param $vb f64) (param $out i32)
    (local $k i32) (local $rowBytes i32) (local $bias v128) (local $vbias v128)
    (local $p01 v128) (local $p23 v128) (local $p45 v128) (local $p67 v128)
    (local $projectionSum v128)
    (local.set $rowBytes (i32.shl (local.get $n) (select (i32.const 2) (i32.const 3) (local.get $f32))))
    (local.set $bias (f64x2.splat (local.get $b)))
    (local.set $vbias (f64x2.splat (local.get $vb)))
    (block $done
      (loop $blocks
        (br_if $done (i32.ge_u (local.get $k) (local.get $count)))
        (call $gather (local.get $x) (local.get $rowBytes) (i32.const 0) (local.get $first) (local.get $k)
          (local.get $count) (local.get $y) (local.get $c))
        (call $logits (local.get $f32) (local.get $w) (local.get $n) (local.get $bias) (i32.const 288))
        (call $curvatureBlock)
        ;; The projections x_i · v + vb go where the logits were.
        (call $logits (local.get $f32) (local.get $v) (local.get $n) (local.get $vbias) (i32.const 288))
        (local.set $p01 (f64x2.mul (v128.load offset=224 (i32.const 0)) (v128.load offset=288 (i32.const 0))))
        (local.set $p23 (f64x2.mul (v128.load offset=240 (i32.const 0)) (v128.load offset=304 (i32.const 0))))
        (local.set $p45 (f64x2.mul (v128.load offset=256 (i32.const 0)) (v128.load offset=320 (i32.const 0))))
        (local.set $p67 (f64x2.mul (v128.load offset=272 (i32.const 0)) (v128.load offset=336 (i32.const 0))))
        (local.set $projectionSum (f64x2.add (local.get $projectionSum)
          (f64x2.add (f64x2.add (local.get $p01) (local.get $p23)) (f64x2.add (local.get $p45) (local.get $p67)))))
        (call $axpy8 (local.get $f32) (local.get $p01) (local.get $p23) (local.get $p45) (local.get $p67)
          (local.get $out) (local.get $n))
        (local.set $k (i32.add (local.get $k) (i32.const 8)))
        (br $blocks)))
    (f64.store (i32.const 8) (call $total (local.get $projectionSum))))

  ;; Adds Σ_i D_i x̃_i x̃_iᵀ to the upper triangle of H (dim × dim, row-major; see $syr8_f64).
  ;; Mirrors the reference's hessian (DenseMatrix.addScaledOuterProduct per row), before finishHessian.
  (func (export "hessian") (param $x i32) (param $n i32) (param $f32 i32) (param $first i32) (param $count i32)
    (param $y i32) (param $c i32) (param $w i32) (param $b f64) (param $H i32) (param $dim i32)
    (param $intercept i32)
    (local $k i32) (local $rowBytes i32) (local $bias v128)
    (local.set $rowBytes (i32.shl (local.get $n) (select (i32.const 2) (i32.const 3) (local.get $f32))))
    (local.set $bias (f64x2.splat (local.get $b)))
    (block $done
      (loop $blocks
        (br_if $done (i32.ge_u (local.get $k) (local.get $count)))
        (call $gather (local.get $x) (local.get $rowBytes) (i32.const 0) (local.get $first) (local.get $k)
          (local.get $count) (local.get $y) (local.get $c))
        (call $logits (local.get $f32) (local.get $w) (local.get $n) (local.get $bias) (i32.const 288))
        (call $curvatureBlock)
        (if (local.get $f32)
          (then (call $syr8_f32 (local.get $H) (local.get $dim) (local.get $n) (local.get $intercept)))
          (else (call $syr8_f64 (local.get $H) (local.get $dim) (local.get $n) (local.get $intercept))))
        (local.set $k (i32.add (local.get $k) (i32.const 8)))
        (br $blocks))))

;; ---------------------------------------------------------------------------------------------------
  ;; Sparse X in compressed sparse rows: the non-zeros of row i are values[p] (float64) at column
  ;; indices[p] (i32) for p ∈ [indptr[i], indptr[i + 1]). Rows go through the same blocks of 8 and the same
  ;; vector logistic arithmetic; the dot products and the gradient updates are scalar gathers and scatters,
  ;; one sweep over each row's non-zeros for each. The block's row numbers take the place of row addresses
  ;; in the scratch space ($gather with x = 0 and rowBytes = 1).

  ;; Scratch 288 ← x_r · w + b for the block's 8 rows.
  (func $csrLogits (param $indptr i32) (param $indices i32) (param $values i32) (param $w i32) (param $b f64)
    (local $r i32) (local $row i32) (local $p i32) (local $end i32) (local $z f64)
    (loop $rows
      (local.set $row (i32.load offset=64 (i32.shl (local.get $r) (i32.const 2))))
      (local.set $p (i32.load (i32.add (local.get $indptr) (i32.shl (local.get $row) (i32.const 2)))))
      (local.set $end (i32.load offset=4 (i32.add (local.get $indptr) (i32.shl (local.get $row) (i32.const 2)))))
      (local.set $z (f64.const 0))
      (block $done
        (loop $nonZeros
          (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
          (local.set $z
            (f64.add (local.get $z)
              (f64.mul
                (f64.load (i32.add (local.get $values) (i32.shl (local.get $p) (i32.const 3))))
                (f64.load
                  (i32.add (local.get $w)
                    (i32.shl (i32.load (i32.add (local.get $indices) (i32.shl (local.get $p) (i32.const 2))))
                      (i32.const 3)))))))
          (local.set $p (i32.add (local.get $p) (i32.const 1)))
          (br $nonZeros)))
      (f64.store offset=288 (i32.shl (local.get $r) (i32.const 3)) (f64.add (local.get $z) (local.get $b)))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br_if $rows (i32.lt_u (local.get $r) (i32.const 8)))))

  ;; out[j] += s_r x_rj for the block's first `live` rows, with s_r the f64×8 at `scales`.
  (func $csrScatter (param $indptr i32) (param $indices i32) (param $values i32) (param $scales i32)
    (param $live i32) (param $out i32)
    (local $r i32) (local $row i32) (local $p i32) (local $end i32) (local $s f64) (local $at i32)
    (loop $rows
      (local.set $row (i32.load offset=64 (i32.shl (local.get $r) (i32.const 2))))
      (local.set $s (f64.load (i32.add (local.get $scales) (i32.shl (local.get $r) (i32.const 3)))))
      (local.set $p (i32.load (i32.add (local.get $indptr) (i32.shl (local.get $row) (i32.const 2)))))
      (local.set $end (i32.load offset=4 (i32.add (local.get $indptr) (i32.shl (local.get $row) (i32.const 2)))))
      (block $done
        (loop $nonZeros
          (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
          (local.set $at
            (i32.add (local.get $out)
              (i32.shl (i32.load (i32.add (local.get $indices) (i32.shl (local.get $p) (i32.const 2))))
                (i32.const 3))))
          (f64.store (local.get $at)
            (f64.add (f64.load (local.get $at))
              (f64.mul (local.get $s)
                (f64.load (i32.add (local.get $values) (i32.shl (local.get $p) (i32.const 3)))))))
          (local.set $p (i32.add (local.get $p) (i32.const 1)))
          (br $nonZeros)))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br_if $rows (i32.lt_u (local.get $r) (local.get $live)))))

  ;; The rows of a block that are real, not padding: min(8, count − k).
  (func $liveRows (param $k i32) (param $count i32) (result i32)
    (select (i32.const 8) (i32.sub (local.get $count) (local.get $k))
      (i32.ge_u (i32.sub (local.get $count) (local.get $k)) (i32.const 8))))

  ;; "lossAndGradient" for CSR X.
  (func (export "csrLossAndGradient") (param $indptr i32) (param $indices i32) (param $values i32)
    (param $rows i32) (param $first i32) (param $count i32) (param $y i32) (param $c i32) (param $w i32)
    (param $b f64) (param $grad i32)
    (local $k i32) (local $lossSum v128) (local $residualSum v128)
    (block $done
      (loop $blocks
        (br_if $done (i32.ge_u (local.get $k) (local.get $count)))
        (call $gather (i32.const 0) (i32.const 1) (local.get $rows) (local.get $first) (local.get $k)
          (local.get $count) (local.get $y) (local.get $c))
        (call $csrLogits (local.get $indptr) (local.get $indices) (local.get $values) (local.get $w) (local.get $b))
        (call $logisticBlock)
        (local.set $lossSum (f64x2.add (local.get $lossSum) (call $blockSum (i32.const 480))))
        (local.set $residualSum (f64x2.add (local.get $residualSum) (call $blockSum (i32.const 608))))
        (call $csrScatter (local.get $indptr) (local.get $indices) (local.get $values) (i32.const 608)
          (call $liveRows (local.get $k) (local.get $count)) (local.get $grad))
        (local.set $k (i32.add (local.get $k) (i32.const 8)))
        (br $blocks)))
    (f64.store (i32.const 0) (call $total (local.get $lossSum)))
    (f64.store (i32.const 8) (call $total (local.get $residualSum))))

  ;; "loss" for CSR X.
  (func (export "csrLoss") (param $indptr i32) (param $indices i32) (param $values i32) (param $rows i32)
    (param $first i32) (param $count i32) (param $y i32) (param $c i32) (param $w i32) (param $b f64)
    (local $k i32) (local $lossSum v128)
    (block $done
      (loop $blocks
        (br_if $done (i32.ge_u (local.get $k) (local.get $count)))
        (call $gather (i32.const 0) (i32.const 1) (local.get $rows) (local.get $first) (local.get $k)
          (local.get $count) (local.get $y) (local.get $c))
        (call $csrLogits (local.get $indptr) (local.get $indices) (local.get $values) (local.get $w) (local.get $b))
        (call $logisticBlock)
        (local.set $lossSum (f64x2.add (local.get $lossSum) (call $blockSum (i32.const 480))))
        (local.set $k (i32.add (local.get $k) (i32.const 8)))
        (br $blocks)))
    (f64.store (i32.const 0) (call $total (local.get $lossSum))))

  ;; "hessianVectorProduct" for CSR X.
  (func (export "csrHessianVectorProduct") (param $indptr i32) (param $indices i32) (param $values i32)
    (param $first i32) (param $count i32) (param $y i32) (param $c i32) (param $w i32) (param $b f64)
    (param $v i32) (param $vb f64) (param $out i32)
    (local $k i32) (local $at i32) (local $projectionSum v128)
    (block $done
      (loop $blocks
        (br_if $done (i32.ge_u (local.get $k) (local.get $count)))
        (call $gather (i32.const 0) (i32.const 1) (i32.const 0) (local.get $first) (local.get $k)
          (local.get $count) (local.get $y) (local.get $c))
        (call $csrLogits (local.get $indptr) (local.get $indices) (local.get $values) (local.get $w) (local.get $b))
        (call $curvatureBlock)
        (call $csrLogits (local.get $indptr) (local.get $indices) (local.get $values) (local.get $v) (local.get $vb))
        ;; p = D (x · v + vb), into scratch 608.
        (local.set $at (i32.const 0))
        (loop $pairs
          (v128.store offset=608 (local.get $at)
            (f64x2.mul (v128.load offset=224 (local.get $at)) (v128.load offset=288 (local.get $at))))
          (local.set $at (i32.add (local.get $at) (i32.const 16)))
          (br_if $pairs (i32.lt_u (local.get $at) (i32.const 64))))
        (local.set $projectionSum (f64x2.add (local.get $projectionSum) (call $blockSum (i32.const 608))))
        (call $csrScatter (local.get $indptr) (local.get $indices) (local.get $values) (i32.const 608)
          (call $liveRows (local.get $k) (local.get $count)) (local.get $out))
        (local.set $k (i32.add (local.get $k) (i32.const 8)))
        (br $blocks)))
    (f64.store (i32.const 8) (call $total (local.get $projectionSum))))

  ;; Adds Σ_i D_i x̃_i x̃_iᵀ to H (dim × dim, row-major) for CSR X, as "hessian" does for dense X. For every
  ;; ordered pair (p, q) of a row's non-zeros, D x_p x_q goes to H[j_p, j_q]: the upper triangle gets the terms
  ;; that the TypeScript path adds to it, in its order, and the lower triangle their mirror images, which the
  ;; caller overwrites. Twice the multiplications of the upper triangle alone, but no branch on the order of
  ;; two columns, which is random and would be mispredicted half the time; and a column that repeats within
  ;; a row gets its full square. With an intercept (dim = n + 1), D x_p goes to H[j_p, n] and D to H[n, n].
  (func (export "csrHessian") (param $indptr i32) (param $indices i32) (param $values i32) (param $first i32)
    (param $count i32) (param $y i32) (param $c i32) (param $w i32) (param $b f64) (param $H i32)
    (param $dim i32) (param $intercept i32)
    (local $k i32) (local $r i32) (local $live i32) (local $row i32) (local $start i32) (local $end i32)
    (local $p i32) (local $q i32) (local $d f64) (local $s f64) (local $rowAt i32) (local $at i32)
    (local $last i32) (local $corner i32)
    ;; Byte offset of column n = dim − 1 within a row of H, and the address of H[n, n].
    (local.set $last (i32.shl (i32.sub (local.get $dim) (i32.const 1)) (i32.const 3)))
    (local.set $corner
      (i32.add (local.get $H) (i32.shl (i32.sub (i32.mul (local.get $dim) (local.get $dim)) (i32.const 1)) (i32.const 3))))
    (block $done
      (loop $blocks
        (br_if $done (i32.ge_u (local.get $k) (local.get $count)))
        (call $gather (i32.const 0) (i32.const 1) (i32.const 0) (local.get $first) (local.get $k)
          (local.get $count) (local.get $y) (local.get $c))
        (call $csrLogits (local.get $indptr) (local.get $indices) (local.get $values) (local.get $w) (local.get $b))
        (call $curvatureBlock)
        (local.set $live (call $liveRows (local.get $k) (local.get $count)))
        (local.set $r (i32.const 0))
        (loop $rows
          (local.set $row (i32.load offset=64 (i32.shl (local.get $r) (i32.const 2))))
          (local.set $d (f64.load offset=224 (i32.shl (local.get $r) (i32.const 3))))
          (local.set $start (i32.load (i32.add (local.get $indptr) (i32.shl (local.get $row) (i32.const 2)))))
          (local.set $end (i32.load offset=4 (i32.add (local.get $indptr) (i32.shl (local.get $row) (i32.const 2)))))
          (local.set $p (local.get $start))
          (block $rowDone
            (loop $outer
              (br_if $rowDone (i32.ge_u (local.get $p) (local.get $end)))
              (local.set $s
                (f64.mul (local.get $d)
                  (f64.load (i32.add (local.get $values) (i32.shl (local.get $p) (i32.const 3))))))
              (local.set $rowAt
                (i32.add (local.get $H)
                  (i32.shl
                    (i32.mul (i32.load (i32.add (local.get $indices) (i32.shl (local.get $p) (i32.const 2))))
                      (local.get $dim))
                    (i32.const 3))))
              ;; q runs over the whole row, which holds p, so at least once.
              (local.set $q (local.get $start))
              (loop $inner
                (local.set $at
                  (i32.add (local.get $rowAt)
                    (i32.shl (i32.load (i32.add (local.get $indices) (i32.shl (local.get $q) (i32.const 2))))
                      (i32.const 3))))
                (f64.store (local.get $at)
                  (f64.add (f64.load (local.get $at))
                    (f64.mul (local.get $s)
                      (f64.load (i32.add (local.get $values) (i32.shl (local.get $q) (i32.const 3)))))))
                (local.set $q (i32.add (local.get $q) (i32.const 1)))
                (br_if $inner (i32.lt_u (local.get $q) (local.get $end))))
              (if (local.get $intercept)
                (then
                  (local.set $at (i32.add (local.get $rowAt) (local.get $last)))
                  (f64.store (local.get $at) (f64.add (f64.load (local.get $at)) (local.get $s)))))
              (local.set $p (i32.add (local.get $p) (i32.const 1)))
              (br $outer)))
          (if (local.get $intercept)
            (then (f64.store (local.get $corner) (f64.add (f64.load (local.get $corner)) (local.get $d)))))
          (local.set $r (i32.add (local.get $r) (i32.const 1)))
          (br_if $rows (i32.lt_u (local.get $r) (local.get $live))))
        (local.set $k (i32.add (local.get $k) (i32.const 8)))
        (br $blocks))))

  ;; The index of the first non-finite value among `length` values at p (float32 when f32 ≠ 0), or −1.
  ;; v − v is 0 exactly for finite v and NaN for ±∞ and NaN.
  (func (export "firstNonFinite") (param $p i32) (param $length i32) (param $f32 i32) (result i32)
    (local $i i32) (local $v v128)
    (if (local.get $f32)
      (then
        (block $done
          (loop $quads
            (br_if $done (i32.gt_u (i32.add (local.get $i) (i32.const 4)) (local.get $length)))
            (local.set $v (v128.load (i32.add (local.get $p) (i32.shl (local.get $i) (i32.const 2)))))
            (br_if $done (v128.any_true (f32x4.ne (f32x4.sub (local.get $v) (local.get $v)) (v128.const f32x4 0 0 0 0))))
            (local.set $i (i32.add (local.get $i) (i32.const 4)))
            (br $quads)))
        (block $found
          (loop $each
            (br_if $found (i32.ge_u (local.get $i) (local.get $length)))
            (local.set $v (f32x4.splat (f32.load (i32.add (local.get $p) (i32.shl (local.get $i) (i32.const 2))))))
            (br_if $found (v128.any_true (f32x4.ne (f32x4.sub (local.get $v) (local.get $v)) (v128.const f32x4 0 0 0 0))))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $each))))
      (else
        (block $done
          (loop $pairs
            (br_if $done (i32.gt_u (i32.add (local.get $i) (i32.const 2)) (local.get $length)))
            (local.set $v (v128.load (i32.add (local.get $p) (i32.shl (local.get $i) (i32.const 3)))))
            (br_if $done (v128.any_true (f64x2.ne (f64x2.sub (local.get $v) (local.get $v)) (v128.const f64x2 0 0))))
            (local.set $i (i32.add (local.get $i) (i32.const 2)))
            (br $pairs)))
        (block $found
          (loop $each
            (br_if $found (i32.ge_u (local.get $i) (local.get $length)))
            (local.set $v (f64x2.splat (f64.load (i32.add (local.get $p) (i32.shl (local.get $i) (i32.const 3))))))
            (br_if $found (v128.any_true (f64x2.ne (f64x2.sub (local.get $v) (local.get $v)) (v128.const f64x2 0 0))))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $each)))))
    (select (i32.const -1) (local.get $i) (i32.ge_u (local.get $i) (local.get $length))))

  ;; ---------------------------------------------------------------------------------------------------
  ;; The multinomial (softmax) objective over K classes, dense X: the kernels of core's
  ;; multinomialObjective.ts (its TypeScript reference, and these kernels' in the tests). With
  ;; z_i = W x_i + b and p_i = softmax(z_i):
  ;;
  ;;     Σ c_i [logsumexp(z_i) − z_{i, y_i}],    Σ c_i (p_i − e_{y_i}) ⊗ x̃_i,    Σ c_i (diag p_i − p_i p_iᵀ) u_i ⊗ x̃_i
  ;;
  ;; with u_i = V x̃_i for a direction V. θ is core's layout, W row-major (K × n) then b (K): b is always
  ;; read, so a caller without intercepts stores zeros there; the K intercept sums go to out + 8 K n.
  ;;
  ;; A block of 8 rows computes its logits class by class ($logits: W_k against the 8 rows, which stay in
  ;; the L1 cache across the K classes) into a workspace `ws` of 8 K doubles, class-major: rows (2q, 2q + 1)
  ;; of class k at ws + 64 k + 16 q. The softmax then runs down the classes two rows at a time (f64x2), and
  ;; the gradient gets one rank-K update (the K scaled-row sums, $axpy8 per class). Targets y_i are class
  ;; indices stored as f64. Scratch for the block, one pair of rows per 16 bytes:
  ;;   288  z_max    352  argmax (the first k with z_k = z_max)    416  z_y
  ;;   480  Σ_{k ≠ argmax} e^{z_k − z_max}    544  its log1p    608  1 + that sum    672  c_i ℓ_i

  ;; log(1 + x) for x ∈ [0, 2^53), within an ulp: $log1pPairs's fdlibm log1p for any exponent. 1 + x
  ;; = u (rounded) = 2^k (1 + f) with 1 + f ∈ [√2/2, √2) (k and f from u's bits, as musl's log), c/u
  ;; the correction for u's rounding (c = x − (u − 1) when u < 2, else 1 − (u − x), both exact); k = 0 takes
  ;; f = x, c = 0. For `count` ≥ 1 pairs: x from `from`, log1p(x) to `to`. The softmax needs it up to K − 1.
  (func $log1pWidePairs (param $from i32) (param $to i32) (param $count i32)
    (local $x v128) (local $u v128) (local $bits v128) (local $k v128) (local $small v128)
    (local $f v128) (local $c v128) (local $s v128) (local $z v128) (local $hfsq v128) (local $R v128)
    (loop $each
      (local.set $x (v128.load (local.get $from)))
      (local.set $u (f64x2.add (v128.const f64x2 1 1) (local.get $x)))
      ;; Moving the exponent's boundary from 1 to √2/2: musl's ix += 0x3ff00000 − 0x3fe6a09e on the high word.
      (local.set $bits (i64x2.add (local.get $u) (v128.const i64x2 0x00095f6200000000 0x00095f6200000000)))
      ;; k as a double: its 11 bits set into 2^52's mantissa, then 2^52 taken off (exact).
      (local.set $k
        (f64x2.sub
          (v128.or
            (i64x2.sub (i64x2.shr_u (local.get $bits) (i32.const 52)) (v128.const i64x2 1023 1023))
            (v128.const i64x2 0x4330000000000000 0x4330000000000000))
          (v128.const f64x2 0x1p52 0x1p52)))
      (local.set $small (f64x2.eq (local.get $k) (v128.const f64x2 0 0)))
      (local.set $f
        (v128.bitselect
          (local.get $x)
          (f64x2.sub
            (i64x2.add
              (v128.and (local.get $bits) (v128.const i64x2 0x000fffffffffffff 0x000fffffffffffff))
              (v128.const i64x2 0x3fe6a09e00000000 0x3fe6a09e00000000))
            (v128.const f64x2 1 1))
          (local.get $small)))
      (local.set $c
        (v128.andnot
          (f64x2.div
            (v128.bitselect
              (f64x2.sub (local.get $x) (f64x2.sub (local.get $u) (v128.const f64x2 1 1)))
              (f64x2.sub (v128.const f64x2 1 1) (f64x2.sub (local.get $u) (local.get $x)))
              (f64x2.lt (local.get $u) (v128.const f64x2 2 2)))
            (local.get $u))
          (local.get $small)))
      (local.set $hfsq (f64x2.mul (v128.const f64x2 0.5 0.5) (f64x2.mul (local.get $f) (local.get $f))))
      (local.set $s (f64x2.div (local.get $f) (f64x2.add (v128.const f64x2 2 2) (local.get $f))))
      (local.set $z (f64x2.mul (local.get $s) (local.get $s)))
      (local.set $R (v128.const f64x2 0x1.2f112df3e5244p-3 0x1.2f112df3e5244p-3))
      (local.set $R (f64x2.add (f64x2.mul (local.get $R) (local.get $z))
        (v128.const f64x2 0x1.39a09d078c69fp-3 0x1.39a09d078c69fp-3)))
      (local.set $R (f64x2.add (f64x2.mul (local.get $R) (local.get $z))
        (v128.const f64x2 0x1.7466496cb03dep-3 0x1.7466496cb03dep-3)))
      (local.set $R (f64x2.add (f64x2.mul (local.get $R) (local.get $z))
        (v128.const f64x2 0x1.c71c51d8e78afp-3 0x1.c71c51d8e78afp-3)))
      (local.set $R (f64x2.add (f64x2.mul (local.get $R) (local.get $z))
        (v128.const f64x2 0x1.2492494229359p-2 0x1.2492494229359p-2)))
      (local.set $R (f64x2.add (f64x2.mul (local.get $R) (local.get $z))
        (v128.const f64x2 0x1.999999997fa04p-2 0x1.999999997fa04p-2)))
      (local.set $R (f64x2.add (f64x2.mul (local.get $R) (local.get $z))
        (v128.const f64x2 0x1.5555555555593p-1 0x1.5555555555593p-1)))
      (local.set $R (f64x2.mul (local.get $R) (local.get $z)))
      (v128.store (local.get $to) (f64x2.sub
        (f64x2.mul (local.get $k) (v128.const f64x2 0x1.62e42feep-1 0x1.62e42feep-1))
        (f64x2.sub
          (f64x2.sub
            (local.get $hfsq)
            (f64x2.add
              (f64x2.mul (local.get $s) (f64x2.add (local.get $hfsq) (local.get $R)))
              (f64x2.add
                (f64x2.mul (local.get $k) (v128.const f64x2 0x1.a39ef35793c76p-33 0x1.a39ef35793c76p-33))
                (local.get $c))))
          (local.get $f))))
      (local.set $from (i32.add (local.get $from) (i32.const 16)))
      (local.set $to (i32.add (local.get $to) (i32.const 16)))
      (local.set $count (i32.sub (local.get $count) (i32.const 1)))
      (br_if $each (local.get $count))))

  (func (export "log1pWide") (param $x f64) (result f64)
    (f64.store offset=480 (i32.const 0) (local.get $x))
    (call $log1pWidePairs (i32.const 480) (i32.const 544) (i32.const 1))
    (f64.load offset=544 (i32.const 0)))

  ;; The block's K logit quads into ws (class-major, see above): z_k = W_k x_r + b_k for k < K.
  (func $classLogits (param $f32 i32) (param $theta i32) (param $n i32) (param $classes i32) (param $ws i32)
    (local $k i32) (local $w i32) (local $b i32)
    (local.set $w (local.get $theta))
    (local.set $b (i32.add (local.get $theta) (i32.shl (i32.mul (local.get $classes) (local.get $n)) (i32.const 3))))
    (loop $each
      (call $logits (local.get $f32) (local.get $w) (local.get $n) (v128.load64_splat (local.get $b))
        (i32.add (local.get $ws) (i32.shl (local.get $k) (i32.const 6))))
      (local.set $w (i32.add (local.get $w) (i32.shl (local.get $n) (i32.const 3))))
      (local.set $b (i32.add (local.get $b) (i32.const 8)))
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (br_if $each (i32.lt_u (local.get $k) (local.get $classes)))))

  ;; From the block's logits in ws: p = softmax(z) in place of z, and the weighted losses
  ;; c ℓ = c ((z_max − z_y) + log1p(Σ_{k≠argmax} e^{z_k − z_max})) at scratch 672, as the reference's
  ;; softmaxAndLoss: every exponent ≤ 0, the argmax's 1 kept apart, p_k = e_k / (1 + Σ others).
  (func $softmaxBlock (param $ws i32) (param $classes i32)
    (local $q i32) (local $k i32) (local $at i32) (local $kf v128) (local $z v128) (local $y v128)
    (local $max v128) (local $arg v128) (local $zy v128) (local $greater v128) (local $others v128)
    (local $normalizer v128) (local $address i32)
    (loop $pairs
      (local.set $at (i32.add (local.get $ws) (local.get $q)))
      (local.set $y (v128.load offset=96 (local.get $q)))
      (local.set $max (v128.const f64x2 -inf -inf))
      (local.set $arg (v128.const f64x2 0 0))
      (local.set $zy (v128.const f64x2 0 0))
      (local.set $kf (v128.const f64x2 0 0))
      (local.set $k (i32.const 0))
      ;; A strict > keeps the first of equal largest logits, as the reference does.
      (loop $largest
        (local.set $z (v128.load (i32.add (local.get $at) (i32.shl (local.get $k) (i32.const 6)))))
        (local.set $greater (f64x2.gt (local.get $z) (local.get $max)))
        (local.set $max (v128.bitselect (local.get $z) (local.get $max) (local.get $greater)))
        (local.set $arg (v128.bitselect (local.get $kf) (local.get $arg) (local.get $greater)))
        (local.set $zy
          (v128.bitselect (local.get $z) (local.get $zy) (f64x2.eq (local.get $y) (local.get $kf))))
        (local.set $kf (f64x2.add (local.get $kf) (v128.const f64x2 1 1)))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br_if $largest (i32.lt_u (local.get $k) (local.get $classes))))
      (v128.store offset=288 (local.get $q) (local.get $max))
      (v128.store offset=352 (local.get $q) (local.get $arg))
      (v128.store offset=416 (local.get $q) (local.get $zy))
      (local.set $k (i32.const 0))
      (loop $shift
        (local.set $address (i32.add (local.get $at) (i32.shl (local.get $k) (i32.const 6))))
        (v128.store (local.get $address) (f64x2.sub (v128.load (local.get $address)) (local.get $max)))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br_if $shift (i32.lt_u (local.get $k) (local.get $classes))))
      (local.set $q (i32.add (local.get $q) (i32.const 16)))
      (br_if $pairs (i32.lt_u (local.get $q) (i32.const 64))))
    ;; e^{z_k − z_max} for the whole block at once: 4 K independent pairs.
    (call $expPairs (local.get $ws) (i32.shl (local.get $classes) (i32.const 2)))
    (local.set $q (i32.const 0))
    (loop $pairs
      (local.set $at (i32.add (local.get $ws) (local.get $q)))
      (local.set $arg (v128.load offset=352 (local.get $q)))
      (local.set $others (v128.const f64x2 0 0))
      (local.set $kf (v128.const f64x2 0 0))
      (local.set $k (i32.const 0))
      (loop $sum
        ;; + 0 at the argmax leaves the sum exactly as the reference's, which skips it.
        (local.set $others (f64x2.add (local.get $others)
          (v128.andnot
            (v128.load (i32.add (local.get $at) (i32.shl (local.get $k) (i32.const 6))))
            (f64x2.eq (local.get $kf) (local.get $arg)))))
        (local.set $kf (f64x2.add (local.get $kf) (v128.const f64x2 1 1)))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br_if $sum (i32.lt_u (local.get $k) (local.get $classes))))
      (v128.store offset=480 (local.get $q) (local.get $others))
      (local.set $normalizer (f64x2.add (v128.const f64x2 1 1) (local.get $others)))
      (local.set $k (i32.const 0))
      (loop $normalize
        (local.set $address (i32.add (local.get $at) (i32.shl (local.get $k) (i32.const 6))))
        (v128.store (local.get $address) (f64x2.div (v128.load (local.get $address)) (local.get $normalizer)))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br_if $normalize (i32.lt_u (local.get $k) (local.get $classes))))
      (local.set $q (i32.add (local.get $q) (i32.const 16)))
      (br_if $pairs (i32.lt_u (local.get $q) (i32.const 64))))
    (call $log1pWidePairs (i32.const 480) (i32.const 544) (i32.const 4))
    (local.set $q (i32.const 0))
    (loop $losses
      (v128.store offset=672 (local.get $q)
        (f64x2.mul (v128.load offset=160 (local.get $q))
          (f64x2.add
            (f64x2.sub (v128.load offset=288 (local.get $q)) (v128.load offset=416 (local.get $q)))
            (v128.load offset=544 (local.get $q)))))
      (local.set $q (i32.add (local.get $q) (i32.const 16)))
      (br_if $losses (i32.lt_u (local.get $q) (i32.const 64)))))

  ;; The probabilities in ws become the weighted residuals c (p_k − δ_{k y}), the target's as the
  ;; reference's targetResidual: p_y − 1 when p_y ≤ ½, else −Σ_{k≠y} p_k (no cancellation near 1).
  (func $softmaxResiduals (param $ws i32) (param $classes i32)
    (local $q i32) (local $k i32) (local $at i32) (local $kf v128) (local $y v128) (local $p v128)
    (local $isTarget v128) (local $py v128) (local $othersY v128) (local $ry v128) (local $c v128) (local $address i32)
    (loop $pairs
      (local.set $at (i32.add (local.get $ws) (local.get $q)))
      (local.set $y (v128.load offset=96 (local.get $q)))
      (local.set $c (v128.load offset=160 (local.get $q)))
      (local.set $py (v128.const f64x2 0 0))
      (local.set $othersY (v128.const f64x2 0 0))
      (local.set $kf (v128.const f64x2 0 0))
      (local.set $k (i32.const 0))
      (loop $sum
        (local.set $p (v128.load (i32.add (local.get $at) (i32.shl (local.get $k) (i32.const 6)))))
        (local.set $isTarget (f64x2.eq (local.get $kf) (local.get $y)))
        (local.set $py (v128.bitselect (local.get $p) (local.get $py) (local.get $isTarget)))
        (local.set $othersY (f64x2.add (local.get $othersY) (v128.andnot (local.get $p) (local.get $isTarget))))
        (local.set $kf (f64x2.add (local.get $kf) (v128.const f64x2 1 1)))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br_if $sum (i32.lt_u (local.get $k) (local.get $classes))))
      (local.set $ry
        (v128.bitselect
          (f64x2.sub (local.get $py) (v128.const f64x2 1 1))
          (f64x2.neg (local.get $othersY))
          (f64x2.le (local.get $py) (v128.const f64x2 0.5 0.5))))
      (local.set $kf (v128.const f64x2 0 0))
      (local.set $k (i32.const 0))
      (loop $scale
        (local.set $address (i32.add (local.get $at) (i32.shl (local.get $k) (i32.const 6))))
        (v128.store (local.get $address)
          (f64x2.mul (local.get $c)
            (v128.bitselect (local.get $ry) (v128.load (local.get $address)) (f64x2.eq (local.get $kf) (local.get $y)))))
        (local.set $kf (f64x2.add (local.get $kf) (v128.const f64x2 1 1)))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br_if $scale (i32.lt_u (local.get $k) (local.get $classes))))
      (local.set $q (i32.add (local.get $q) (i32.const 16)))
      (br_if $pairs (i32.lt_u (local.get $q) (i32.const 64)))))

  ;; The probabilities in ws become c p_k (u_k − pᵀu), with the direction's logits u at ws + 64 K: the
  ;; reference's (diag p − p pᵀ) u, weighted, in its order ((c p_k)(u_k − mean), mean summed over k in order).
  (func $softmaxCurvature (param $ws i32) (param $classes i32)
    (local $q i32) (local $k i32) (local $at i32) (local $u i32) (local $mean v128) (local $c v128)
    (local $p i32)
    (loop $pairs
      (local.set $at (i32.add (local.get $ws) (local.get $q)))
      (local.set $u (i32.add (local.get $at) (i32.shl (local.get $classes) (i32.const 6))))
      (local.set $c (v128.load offset=160 (local.get $q)))
      (local.set $mean (v128.const f64x2 0 0))
      (local.set $k (i32.const 0))
      (loop $sum
        (local.set $p (i32.shl (local.get $k) (i32.const 6)))
        (local.set $mean (f64x2.add (local.get $mean)
          (f64x2.mul (v128.load (i32.add (local.get $at) (local.get $p)))
            (v128.load (i32.add (local.get $u) (local.get $p))))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br_if $sum (i32.lt_u (local.get $k) (local.get $classes))))
      (local.set $k (i32.const 0))
      (loop $scale
        (local.set $p (i32.shl (local.get $k) (i32.const 6)))
        (v128.store (i32.add (local.get $at) (local.get $p))
          (f64x2.mul
            (f64x2.mul (local.get $c) (v128.load (i32.add (local.get $at) (local.get $p))))
            (f64x2.sub (v128.load (i32.add (local.get $u) (local.get $p))) (local.get $mean))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br_if $scale (i32.lt_u (local.get $k) (local.get $classes))))
      (local.set $q (i32.add (local.get $q) (i32.const 16)))
      (br_if $pairs (i32.lt_u (local.get $q) (i32.const 64)))))

  ;; The rank-K update: out_k += Σ_r s_rk x_r (W's rows) and out[K n + k] += Σ_r s_rk (the intercepts), with
  ;; the block's scales s in ws (class-major).
  (func $classUpdate (param $f32 i32) (param $ws i32) (param $classes i32) (param $n i32) (param $out i32)
    (local $k i32) (local $s i32) (local $o i32) (local $b i32)
    (local.set $o (local.get $out))
    (local.set $b (i32.add (local.get $out) (i32.shl (i32.mul (local.get $classes) (local.get $n)) (i32.const 3))))
    (loop $each
      (local.set $s (i32.add (local.get $ws) (i32.shl (local.get $k) (i32.const 6))))
      (call $axpy8 (local.get $f32)
        (v128.load (local.get $s)) (v128.load offset=16 (local.get $s))
        (v128.load offset=32 (local.get $s)) (v128.load offset=48 (local.get $s))
        (local.get $o) (local.get $n))
      (f64.store (local.get $b) (f64.add (f64.load (local.get $b)) (call $total (call $blockSum (local.get $s)))))
      (local.set $o (i32.add (local.get $o) (i32.shl (local.get $n) (i32.const 3))))
      (local.set $b (i32.add (local.get $b) (i32.const 8)))
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (br_if $each (i32.lt_u (local.get $k) (local.get $classes)))))

  ;; Scratch 0 ← Σ c_i ℓ_i; grad (K (n + 1)) += Σ c_i (p_i − e_{y_i}) ⊗ x̃_i over the selection (see $gather).
  ;; ws: 8 K doubles of this thread's own. Mirrors the reference's lossAndGradientSum (multinomialObjective.ts).
  (func (export "multinomialLossAndGradient") (param $x i32) (param $n i32) (param $f32 i32) (param $rows i32)
    (param $first i32) (param $count i32) (param $y i32) (param $c i32) (param $theta i32) (param $classes i32)
    (param $grad i32) (param $ws i32)
    (local $k i32) (local $rowBytes i32) (local $lossSum v128)
    (local.set $rowBytes (i32.shl (local.get $n) (select (i32.const 2) (i32.const 3) (local.get $f32))))
    (block $done
      (loop $blocks
        (br_if $done (i32.ge_u (local.get $k) (local.get $count)))
        (call $gather (local.get $x) (local.get $rowBytes) (local.get $rows) (local.get $first) (local.get $k)
          (local.get $count) (local.get $y) (local.get $c))
        (call $classLogits (local.get $f32) (local.get $theta) (local.get $n) (local.get $classes) (local.get $ws))
        (call $softmaxBlock (local.get $ws) (local.get $classes))
        (local.set $lossSum (f64x2.add (local.get $lossSum) (call $blockSum (i32.const 672))))
        (call $softmaxResiduals (local.get $ws) (local.get $classes))
        (call $classUpdate (local.get $f32) (local.get $ws) (local.get $classes) (local.get $n) (local.get $grad))
        (local.set $k (i32.add (local.get $k) (i32.const 8)))
        (br $blocks)))
    (f64.store (i32.const 0) (call $total (local.get $lossSum))))

  ;; Scratch 0 ← Σ c_i ℓ_i over the selection. Mirrors the reference's lossSum.
  (func (export "multinomialLoss") (param $x i32) (param $n i32) (param $f32 i32) (param $rows i32)
    (param $first i32) (param $count i32) (param $y i32) (param $c i32) (param $theta i32) (param $classes i32)
    (param $ws i32)
    (local $k i32) (local $rowBytes i32) (local $lossSum v128)
    (local.set $rowBytes (i32.shl (local.get $n) (select (i32.const 2) (i32.const 3) (local.get $f32))))
    (block $done
      (loop $blocks
        (br_if $done (i32.ge_u (local.get $k) (local.get $count)))
        (call $gather (local.get $x) (local.get $rowBytes) (local.get $rows) (local.get $first) (local.get $k)
          (local.get $count) (local.get $y) (local.get $c))
        (call $classLogits (local.get $f32) (local.get $theta) (local.get $n) (local.get $classes) (local.get $ws))
        (call $softmaxBlock (local.get $ws) (local.get $classes))
        (local.set $lossSum (f64x2.add (local.get $lossSum) (call $blockSum (i32.const 672))))
        (local.set $k (i32.add (local.get $k) (i32.const 8)))
        (br $blocks)))
    (f64.store (i32.const 0) (call $total (local.get $lossSum))))

  ;; out (K (n + 1)) += Σ_i c_i [(diag p_i − p_i p_iᵀ) u_i] ⊗ x̃_i over rows first … first + count − 1, with
  ;; u_i = V x̃_i for the direction V at v (θ's layout): one pass, the softmax recomputed beside u. ws: 16 K
  ;; doubles. Mirrors the reference's hessianVectorProduct before its scaling and penalty.
  (func (export "multinomialHessianVectorProduct") (param $x i32) (param $n i32) (param $f32 i32)
    (param $first i32) (param $count i32) (param $y i32) (param $c i32) (param $theta i32) (param $classes i32)
    (param $v i32) (param $out i32) (param $ws i32)
    (local $k i32) (local $rowBytes i32)
    (local.set $rowBytes (i32.shl (local.get $n) (select (i32.const 2) (i32.const 3) (local.get $f32))))
    (block $done
      (loop $blocks
        (br_if $done (i32.ge_u (local.get $k) (local.get $count)))
        (call $gather (local.get $x) (local.get $rowBytes) (i32.const 0) (local.get $first) (local.get $k)
          (local.get $count) (local.get $y) (local.get $c))
        (call $classLogits (local.get $f32) (local.get $theta) (local.get $n) (local.get $classes) (local.get $ws))
        (call $softmaxBlock (local.get $ws) (local.get $classes))
        (call $classLogits (local.get $f32) (local.get $v) (local.get $n) (local.get $classes)
          (i32.add (local.get $ws) (i32.shl (local.get $classes) (i32.const 6))))
        (call $softmaxCurvature (local.get $ws) (local.get $classes))
        (call $classUpdate (local.get $f32) (local.get $ws) (local.get $classes) (local.get $n) (local.get $out))
        (local.set $k (i32.add (local.get $k) (i32.const 8)))
        (br $blocks))))

  ;; ---------------------------------------------------------------------------------------------------
  ;; The multinomial kernels for CSR X. θ (and v, and the gradient) are laid out [b (K) | Wᵀ (n × K)] here,
  ;; so that a non-zero x_ij meets the K coefficients of feature j side by side (the caller transposes, an
  ;; O(K n) copy per call). Logits and updates are scalar sweeps over each row's non-zeros; the block's
  ;; softmax is the dense kernels' ($softmaxBlock and the rest, on the same class-major workspace).

  ;; The block's logits into ws (class-major): z_rk = Σ_p x_p W_k[j_p] + b_k, summed in the order of the
  ;; row's non-zeros, as the reference's.
  (func $csrClassLogits (param $indptr i32) (param $indices i32) (param $values i32) (param $theta i32)
    (param $classes i32) (param $ws i32)
    (local $r i32) (local $row i32) (local $p i32) (local $end i32) (local $k i32) (local $x f64)
    (local $w i32) (local $at i32)
    (loop $rows
      (local.set $row (i32.load offset=64 (i32.shl (local.get $r) (i32.const 2))))
      (local.set $p (i32.load (i32.add (local.get $indptr) (i32.shl (local.get $row) (i32.const 2)))))
      (local.set $end (i32.load offset=4 (i32.add (local.get $indptr) (i32.shl (local.get $row) (i32.const 2)))))
      (local.set $at (i32.add (local.get $ws) (i32.shl (local.get $r) (i32.const 3))))
      (local.set $k (i32.const 0))
      (loop $zero
        (f64.store (i32.add (local.get $at) (i32.shl (local.get $k) (i32.const 6))) (f64.const 0))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br_if $zero (i32.lt_u (local.get $k) (local.get $classes))))
      (block $done
        (loop $nonZeros
          (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
          (local.set $x (f64.load (i32.add (local.get $values) (i32.shl (local.get $p) (i32.const 3)))))
          (local.set $w
            (i32.add (local.get $theta)
              (i32.shl
                (i32.mul
                  (i32.add (i32.load (i32.add (local.get $indices) (i32.shl (local.get $p) (i32.const 2))))
                    (i32.const 1))
                  (local.get $classes))
                (i32.const 3))))
          (local.set $k (i32.const 0))
          (loop $each
            (f64.store (i32.add (local.get $at) (i32.shl (local.get $k) (i32.const 6)))
              (f64.add (f64.load (i32.add (local.get $at) (i32.shl (local.get $k) (i32.const 6))))
                (f64.mul (local.get $x) (f64.load (i32.add (local.get $w) (i32.shl (local.get $k) (i32.const 3)))))))
            (local.set $k (i32.add (local.get $k) (i32.const 1)))
            (br_if $each (i32.lt_u (local.get $k) (local.get $classes))))
          (local.set $p (i32.add (local.get $p) (i32.const 1)))
          (br $nonZeros)))
      (local.set $k (i32.const 0))
      (loop $intercepts
        (f64.store (i32.add (local.get $at) (i32.shl (local.get $k) (i32.const 6)))
          (f64.add (f64.load (i32.add (local.get $at) (i32.shl (local.get $k) (i32.const 6))))
            (f64.load (i32.add (local.get $theta) (i32.shl (local.get $k) (i32.const 3))))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br_if $intercepts (i32.lt_u (local.get $k) (local.get $classes))))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br_if $rows (i32.lt_u (local.get $r) (i32.const 8)))))

  ;; The rank-K update for CSR: out[k] += Σ_r s_rk (the intercepts, every row of the block: padding has
  ;; s = 0), and out's Wᵀ row j_p += s_r· x_p over the non-zeros of the block's first `live` rows.
  (func $csrClassUpdate (param $indptr i32) (param $indices i32) (param $values i32) (param $ws i32)
    (param $classes i32) (param $live i32) (param $out i32)
    (local $r i32) (local $row i32) (local $p i32) (local $end i32) (local $k i32) (local $x f64)
    (local $g i32) (local $at i32) (local $address i32)
    (loop $intercepts
      (local.set $address (i32.add (local.get $out) (i32.shl (local.get $k) (i32.const 3))))
      (f64.store (local.get $address)
        (f64.add (f64.load (local.get $address))
          (call $total (call $blockSum (i32.add (local.get $ws) (i32.shl (local.get $k) (i32.const 6)))))))
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (br_if $intercepts (i32.lt_u (local.get $k) (local.get $classes))))
    (loop $rows
      (local.set $row (i32.load offset=64 (i32.shl (local.get $r) (i32.const 2))))
      (local.set $p (i32.load (i32.add (local.get $indptr) (i32.shl (local.get $row) (i32.const 2)))))
      (local.set $end (i32.load offset=4 (i32.add (local.get $indptr) (i32.shl (local.get $row) (i32.const 2)))))
      (local.set $at (i32.add (local.get $ws) (i32.shl (local.get $r) (i32.const 3))))
      (block $done
        (loop $nonZeros
          (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
          (local.set $x (f64.load (i32.add (local.get $values) (i32.shl (local.get $p) (i32.const 3)))))
          (local.set $g
            (i32.add (local.get $out)
              (i32.shl
                (i32.mul
                  (i32.add (i32.load (i32.add (local.get $indices) (i32.shl (local.get $p) (i32.const 2))))
                    (i32.const 1))
                  (local.get $classes))
                (i32.const 3))))
          (local.set $k (i32.const 0))
          (loop $each
            (local.set $address (i32.add (local.get $g) (i32.shl (local.get $k) (i32.const 3))))
            (f64.store (local.get $address)
              (f64.add (f64.load (local.get $address))
                (f64.mul (f64.load (i32.add (local.get $at) (i32.shl (local.get $k) (i32.const 6))))
                  (local.get $x))))
            (local.set $k (i32.add (local.get $k) (i32.const 1)))
            (br_if $each (i32.lt_u (local.get $k) (local.get $classes))))
          (local.set $p (i32.add (local.get $p) (i32.const 1)))
          (br $nonZeros)))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br_if $rows (i32.lt_u (local.get $r) (local.get $live)))))

  ;; "multinomialLossAndGradient" for CSR X (θ and grad in the layout [b | Wᵀ]).
  (func (export "csrMultinomialLossAndGradient") (param $indptr i32) (param $indices i32) (param $values i32)
    (param $rows i32) (param $first i32) (param $count i32) (param $y i32) (param $c i32) (param $theta i32)
    (param $classes i32) (param $grad i32) (param $ws i32)
    (local $k i32) (local $lossSum v128)
    (block $done
      (loop $blocks
        (br_if $done (i32.ge_u (local.get $k) (local.get $count)))
        (call $gather (i32.const 0) (i32.const 1) (local.get $rows) (local.get $first) (local.get $k)
          (local.get $count) (local.get $y) (local.get $c))
        (call $csrClassLogits (local.get $indptr) (local.get $indices) (local.get $values) (local.get $theta)
          (local.get $classes) (local.get $ws))
        (call $softmaxBlock (local.get $ws) (local.get $classes))
        (local.set $lossSum (f64x2.add (local.get $lossSum) (call $blockSum (i32.const 672))))
        (call $softmaxResiduals (local.get $ws) (local.get $classes))
        (call $csrClassUpdate (local.get $indptr) (local.get $indices) (local.get $values) (local.get $ws)
          (local.get $classes) (call $liveRows (local.get $k) (local.get $count)) (local.get $grad))
        (local.set $k (i32.add (local.get $k) (i32.const 8)))
        (br $blocks)))
    (f64.store (i32.const 0) (call $total (local.get $lossSum))))

  ;; "multinomialLoss" for CSR X.
  (func (export "csrMultinomialLoss") (param $indptr i32) (param $indices i32) (param $values i32)
    (param $rows i32) (param $first i32) (param $count i32) (param $y i32) (param $c i32) (param $theta i32)
    (param $classes i32) (param $ws i32)
    (local $k i32) (local $lossSum v128)
    (block $done
      (loop $blocks
        (br_if $done (i32.ge_u (local.get $k) (local.get $count)))
        (call $gather (i32.const 0) (i32.const 1) (local.get $rows) (local.get $first) (local.get $k)
          (local.get $count) (local.get $y) (local.get $c))
        (call $csrClassLogits (local.get $indptr) (local.get $indices) (local.get $values) (local.get $theta)
          (local.get $classes) (local.get $ws))
        (call $softmaxBlock (local.get $ws) (local.get $classes))
        (local.set $lossSum (f64x2.add (local.get $lossSum) (call $blockSum (i32.const 672))))
        (local.set $k (i32.add (local.get $k) (i32.const 8)))
        (br $blocks)))
    (f64.store (i32.const 0) (call $total (local.get $lossSum))))

  ;; "multinomialHessianVectorProduct" for CSR X (θ, v and out in the layout [b | Wᵀ]).
  (func (export "csrMultinomialHessianVectorProduct") (param $indptr i32) (param $indices i32)
    (param $values i32) (param $first i32) (param $count i32) (param $y i32) (param $c i32) (param $theta i32)
    (param $classes i32) (param $v i32) (param $out i32) (param $ws i32)
    (local $k i32)
    (block $done
      (loop $blocks
        (br_if $done (i32.ge_u (local.get $k) (local.get $count)))
        (call $gather (i32.const 0) (i32.const 1) (i32.const 0) (local.get $first) (local.get $k)
          (local.get $count) (local.get $y) (local.get $c))
        (call $csrClassLogits (local.get $indptr) (local.get $indices) (local.get $values) (local.get $theta)
          (local.get $classes) (local.get $ws))
        (call $softmaxBlock (local.get $ws) (local.get $classes))
        (call $csrClassLogits (local.get $indptr) (local.get $indices) (local.get $values) (local.get $v)
          (local.get $classes) (i32.add (local.get $ws) (i32.shl (local.get $classes) (i32.const 6))))
        (call $softmaxCurvature (local.get $ws) (local.get $classes))
        (call $csrClassUpdate (local.get $indptr) (local.get $indices) (local.get $values) (local.get $ws)
          (local.get $classes) (call $liveRows (local.get $k) (local.get $count)) (local.get $out))
        (local.set $k (i32.add (local.get $k) (i32.const 8)))
        (br $blocks))))

  ;; ---------------------------------------------------------------------------------------------------
  ;; Column-major X: `count` rows stored column by column, float64, column j's first row at the address
  ;; cols[j] (an i32 array of n addresses; a Parquet row group decoded into memory is laid out so). Rows go
  ;; in tiles of `tile` rows (a multiple of 8; the tile's buffers are at `z`, tile f64 each): per tile, the
  ;; logits accumulate a column at a time (z += w_j x_j), the tile's rows then go through the same blocks of
  ;; 8 and logistic arithmetic as the row-major kernels, and a second sweep adds each column's Σ r_i x_ij to
  ;; grad[j]. A tile of 512 rows × 50 columns is 200 KiB, so the second sweep reads it from the core's L2
  ;; cache. With means ≠ 0, each value is first standardized in place, (x − μ_j)·s_j with s_j = 1/σ_j at
  ;; `inverseScales`, and the later sweeps read the standardized value. Targets y (0 or 1) and weights c
  ;; (c = 0: all 1) are float64 arrays of count. Sums are taken in a fixed order: a call repeats bit for bit.

  ;; Rows [first, first + rows) of every column, standardized in place: x ← (x − μ_j)·s_j.
  (func $standardizeColumns (param $cols i32) (param $n i32) (param $first i32) (param $rows i32)
    (param $means i32) (param $inverseScales i32)
    (local $j i32) (local $p i32) (local $o i32) (local $pairs i32) (local $mu v128) (local $s v128)
    (local.set $pairs (i32.shl (i32.and (local.get $rows) (i32.const -2)) (i32.const 3)))
    (block $columnsDone
      (loop $columns
        (br_if $columnsDone (i32.ge_u (local.get $j) (local.get $n)))
        (local.set $p (i32.add (i32.load (i32.add (local.get $cols) (i32.shl (local.get $j) (i32.const 2))))
          (i32.shl (local.get $first) (i32.const 3))))
        (local.set $mu (v128.load64_splat (i32.add (local.get $means) (i32.shl (local.get $j) (i32.const 3)))))
        (local.set $s (v128.load64_splat (i32.add (local.get $inverseScales) (i32.shl (local.get $j) (i32.const 3)))))
        (local.set $o (i32.const 0))
        (block $pairsDone
          (loop $eachPair
            (br_if $pairsDone (i32.ge_u (local.get $o) (local.get $pairs)))
            (v128.store (i32.add (local.get $p) (local.get $o))
              (f64x2.mul (f64x2.sub (v128.load (i32.add (local.get $p) (local.get $o))) (local.get $mu)) (local.get $s)))
            (local.set $o (i32.add (local.get $o) (i32.const 16)))
            (br $eachPair)))
        ;; An odd last row, alone: the value after it belongs to no one and is left as it is.
        (if (i32.and (local.get $rows) (i32.const 1))
          (then
            (f64.store (i32.add (local.get $p) (local.get $pairs))
              (f64.mul (f64.sub (f64.load (i32.add (local.get $p) (local.get $pairs))) (f64x2.extract_lane 0 (local.get $mu)))
                (f64x2.extract_lane 0 (local.get $s))))))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $columns))))

  ;; z[i] = b + Σ_j w_j x_ij for rows [first, first + rows) (and z = b for the padding rows to the next
  ;; multiple of 8). Four columns at a time, so that z is loaded and stored once per four products.
  (func $columnLogits (param $cols i32) (param $n i32) (param $first i32) (param $rows i32) (param $w i32)
    (param $b f64) (param $z i32)
    (local $j i32) (local $o i32) (local $pairs i32) (local $offset i32) (local $at i32)
    (local $p0 i32) (local $p1 i32) (local $p2 i32) (local $p3 i32)
    (local $w0 v128) (local $w1 v128) (local $w2 v128) (local $w3 v128)
    (local.set $pairs (i32.shl (i32.and (local.get $rows) (i32.const -2)) (i32.const 3)))
    (local.set $offset (i32.shl (local.get $first) (i32.const 3)))
    (loop $fill
      (f64.store (i32.add (local.get $z) (local.get $o)) (local.get $b))
      (local.set $o (i32.add (local.get $o) (i32.const 8)))
      (br_if $fill (i32.lt_u (local.get $o)
        (i32.shl (i32.and (i32.add (local.get $rows) (i32.const 7)) (i32.const -8)) (i32.const 3)))))
    (block $foursDone
      (loop $fours
        (br_if $foursDone (i32.gt_u (i32.add (local.get $j) (i32.const 4)) (local.get $n)))
        (local.set $at (i32.add (local.get $cols) (i32.shl (local.get $j) (i32.const 2))))
        (local.set $p0 (i32.add (i32.load (local.get $at)) (local.get $offset)))
        (local.set $p1 (i32.add (i32.load offset=4 (local.get $at)) (local.get $offset)))
        (local.set $p2 (i32.add (i32.load offset=8 (local.get $at)) (local.get $offset)))
        (local.set $p3 (i32.add (i32.load offset=12 (local.get $at)) (local.get $offset)))
        (local.set $at (i32.add (local.get $w) (i32.shl (local.get $j) (i32.const 3))))
        (local.set $w0 (v128.load64_splat (local.get $at)))
        (local.set $w1 (v128.load64_splat offset=8 (local.get $at)))
        (local.set $w2 (v128.load64_splat offset=16 (local.get $at)))
        (local.set $w3 (v128.load64_splat offset=24 (local.get $at)))
        (local.set $o (i32.const 0))
        (block $pairsDone
          (loop $eachPair
            (br_if $pairsDone (i32.ge_u (local.get $o) (local.get $pairs)))
            (v128.store (i32.add (local.get $z) (local.get $o))
              (f64x2.add (v128.load (i32.add (local.get $z) (local.get $o)))
                (f64x2.add
                  (f64x2.add
                    (f64x2.mul (local.get $w0) (v128.load (i32.add (local.get $p0) (local.get $o))))
                    (f64x2.mul (local.get $w1) (v128.load (i32.add (local.get $p1) (local.get $o)))))
                  (f64x2.add
                    (f64x2.mul (local.get $w2) (v128.load (i32.add (local.get $p2) (local.get $o))))
                    (f64x2.mul (local.get $w3) (v128.load (i32.add (local.get $p3) (local.get $o))))))))
            (local.set $o (i32.add (local.get $o) (i32.const 16)))
            (br $eachPair)))
        (if (i32.and (local.get $rows) (i32.const 1))
          (then
            (f64.store (i32.add (local.get $z) (local.get $pairs))
              (f64.add (f64.load (i32.add (local.get $z) (local.get $pairs)))
                (f64.add
                  (f64.add
                    (f64.mul (f64x2.extract_lane 0 (local.get $w0)) (f64.load (i32.add (local.get $p0) (local.get $pairs))))
                    (f64.mul (f64x2.extract_lane 0 (local.get $w1)) (f64.load (i32.add (local.get $p1) (local.get $pairs)))))
                  (f64.add
                    (f64.mul (f64x2.extract_lane 0 (local.get $w2)) (f64.load (i32.add (local.get $p2) (local.get $pairs))))
                    (f64.mul (f64x2.extract_lane 0 (local.get $w3)) (f64.load (i32.add (local.get $p3) (local.get $pairs))))))))))
        (local.set $j (i32.add (local.get $j) (i32.const 4)))
        (br $fours)))
    ;; The last n mod 4 columns, one at a time.
    (block $onesDone
      (loop $ones
        (br_if $onesDone (i32.ge_u (local.get $j) (local.get $n)))
        (local.set $p0 (i32.add (i32.load (i32.add (local.get $cols) (i32.shl (local.get $j) (i32.const 2))))
          (local.get $offset)))
        (local.set $w0 (v128.load64_splat (i32.add (local.get $w) (i32.shl (local.get $j) (i32.const 3)))))
        (local.set $o (i32.const 0))
        (block $pairsDone
          (loop $eachPair
            (br_if $pairsDone (i32.ge_u (local.get $o) (local.get $pairs)))
            (v128.store (i32.add (local.get $z) (local.get $o))
              (f64x2.add (v128.load (i32.add (local.get $z) (local.get $o)))
                (f64x2.mul (local.get $w0) (v128.load (i32.add (local.get $p0) (local.get $o))))))
            (local.set $o (i32.add (local.get $o) (i32.const 16)))
            (br $eachPair)))
        (if (i32.and (local.get $rows) (i32.const 1))
          (then
            (f64.store (i32.add (local.get $z) (local.get $pairs))
              (f64.add (f64.load (i32.add (local.get $z) (local.get $pairs)))
                (f64.mul (f64x2.extract_lane 0 (local.get $w0)) (f64.load (i32.add (local.get $p0) (local.get $pairs))))))))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $ones))))

  ;; Standardizes the tile's rows when means ≠ 0, then its logits z = Xw + b (and u = Xv + vb when v ≠ 0).
  (func $columnTile (param $cols i32) (param $n i32) (param $first i32) (param $rows i32) (param $means i32)
    (param $inverseScales i32) (param $w i32) (param $b f64) (param $z i32) (param $v i32) (param $vb f64)
    (param $u i32)
    (if (local.get $means)
      (then (call $standardizeColumns (local.get $cols) (local.get $n) (local.get $first) (local.get $rows)
        (local.get $means) (local.get $inverseScales))))
    (call $columnLogits (local.get $cols) (local.get $n) (local.get $first) (local.get $rows) (local.get $w)
      (local.get $b) (local.get $z))
    (if (local.get $v)
      (then (call $columnLogits (local.get $cols) (local.get $n) (local.get $first) (local.get $rows)
        (local.get $v) (local.get $vb) (local.get $u)))))

  ;; Scratch ← the logits, targets and weights of the tile's rows k … k + 7 (rows past `rows` at weight 0).
  (func $columnBlock (param $z i32) (param $k i32) (param $rows i32) (param $y i32) (param $c i32)
    (local $r i32) (local $at i32)
    (loop $each
      (local.set $at (i32.shl (i32.add (local.get $k) (local.get $r)) (i32.const 3)))
      (f64.store offset=288 (i32.shl (local.get $r) (i32.const 3)) (f64.load (i32.add (local.get $z) (local.get $at))))
      (if (i32.lt_u (i32.add (local.get $k) (local.get $r)) (local.get $rows))
        (then
          (f64.store offset=96 (i32.shl (local.get $r) (i32.const 3))
            (if (result f64) (local.get $y)
              (then (f64.load (i32.add (local.get $y) (local.get $at))))
              (else (f64.const 0))))
          (f64.store offset=160 (i32.shl (local.get $r) (i32.const 3))
            (if (result f64) (local.get $c)
              (then (f64.load (i32.add (local.get $c) (local.get $at))))
              (else (f64.const 1)))))
        (else
          (f64.store offset=96 (i32.shl (local.get $r) (i32.const 3)) (f64.const 0))
          (f64.store offset=160 (i32.shl (local.get $r) (i32.const 3)) (f64.const 0))))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br_if $each (i32.lt_u (local.get $r) (i32.const 8)))))

  ;; out[j] += Σ_i s_i x_ij over the tile's rows, for every column j; s at `s`.
  (func $columnUpdate (param $cols i32) (param $n i32) (param $first i32) (param $rows i32) (param $s i32)
    (param $out i32)
    (local $j i32) (local $p i32) (local $o i32) (local $pairs i32) (local $a v128) (local $b v128)
    (local $at i32)
    (local.set $pairs (i32.shl (i32.and (local.get $rows) (i32.const -2)) (i32.const 3)))
    (block $columnsDone
      (loop $columns
        (br_if $columnsDone (i32.ge_u (local.get $j) (local.get $n)))
        (local.set $p (i32.add (i32.load (i32.add (local.get $cols) (i32.shl (local.get $j) (i32.const 2))))
          (i32.shl (local.get $first) (i32.const 3))))
        (local.set $a (v128.const f64x2 0 0))
        (local.set $b (v128.const f64x2 0 0))
        (local.set $o (i32.const 0))
        ;; Two accumulators, so that consecutive pairs' additions do not wait on each other.
        (block $pairsDone
          (loop $eachPair
            (br_if $pairsDone (i32.ge_u (i32.add (local.get $o) (i32.const 16)) (local.get $pairs)))
            (local.set $a (f64x2.add (local.get $a)
              (f64x2.mul (v128.load (i32.add (local.get $s) (local.get $o))) (v128.load (i32.add (local.get $p) (local.get $o))))))
            (local.set $b (f64x2.add (local.get $b)
              (f64x2.mul (v128.load offset=16 (i32.add (local.get $s) (local.get $o)))
                (v128.load offset=16 (i32.add (local.get $p) (local.get $o))))))
            (local.set $o (i32.add (local.get $o) (i32.const 32)))
            (br $eachPair)))
        (if (i32.lt_u (local.get $o) (local.get $pairs))
          (then
            (local.set $a (f64x2.add (local.get $a)
              (f64x2.mul (v128.load (i32.add (local.get $s) (local.get $o))) (v128.load (i32.add (local.get $p) (local.get $o))))))))
        (local.set $a (f64x2.add (local.get $a) (local.get $b)))
        (if (i32.and (local.get $rows) (i32.const 1))
          (then
            (local.set $a (f64x2.replace_lane 0 (local.get $a)
              (f64.add (f64x2.extract_lane 0 (local.get $a))
                (f64.mul (f64.load (i32.add (local.get $s) (local.get $pairs)))
                  (f64.load (i32.add (local.get $p) (local.get $pairs)))))))))
        (local.set $at (i32.add (local.get $out) (i32.shl (local.get $j) (i32.const 3))))
        (f64.store (local.get $at) (f64.add (f64.load (local.get $at)) (call $total (local.get $a))))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $columns))))

  ;; The tile's per-row scalars at `s` for rows k … k + 7 ← the block's 8 values at scratch `from`.
  (func $storeBlock (param $from i32) (param $s i32) (param $k i32)
    (local $at i32)
    (local.set $at (i32.add (local.get $s) (i32.shl (local.get $k) (i32.const 3))))
    (v128.store (local.get $at) (v128.load (local.get $from)))
    (v128.store offset=16 (local.get $at) (v128.load offset=16 (local.get $from)))
    (v128.store offset=32 (local.get $at) (v128.load offset=32 (local.get $from)))
    (v128.store offset=48 (local.get $at) (v128.load offset=48 (local.get $from))))

  ;; Scratch 0 ← Σ c_i ℓ_i; scratch 8 ← Σ c_i (σ(z_i) − y_i); when grad ≠ 0, grad[j] += Σ c_i (σ(z_i) − y_i) x_ij.
  ;; The column-major "lossAndGradient" and (grad = 0) "loss".
  (func (export "columnsLossAndGradient") (param $cols i32) (param $n i32) (param $count i32) (param $y i32)
    (param $c i32) (param $means i32) (param $inverseScales i32) (param $w i32) (param $b f64)
    (param $grad i32) (param $z i32) (param $tile i32)
    (local $first i32) (local $rows i32) (local $k i32) (local $lossSum v128) (local $residualSum v128)
    (block $done
      (loop $tiles
        (br_if $done (i32.ge_u (local.get $first) (local.get $count)))
        (local.set $rows (i32.sub (local.get $count) (local.get $first)))
        (if (i32.gt_u (local.get $rows) (local.get $tile)) (then (local.set $rows (local.get $tile))))
        (call $columnTile (local.get $cols) (local.get $n) (local.get $first) (local.get $rows)
          (local.get $means) (local.get $inverseScales) (local.get $w) (local.get $b) (local.get $z)
          (i32.const 0) (f64.const 0) (i32.const 0))
        (local.set $k (i32.const 0))
        (loop $blocks
          (call $columnBlock (local.get $z) (local.get $k) (local.get $rows)
            (select (i32.add (local.get $y) (i32.shl (local.get $first) (i32.const 3))) (i32.const 0) (local.get $y))
            (select (i32.add (local.get $c) (i32.shl (local.get $first) (i32.const 3))) (i32.const 0) (local.get $c)))
          (call $logisticBlock)
          (local.set $lossSum (f64x2.add (local.get $lossSum) (call $blockSum (i32.const 480))))
          (local.set $residualSum (f64x2.add (local.get $residualSum) (call $blockSum (i32.const 608))))
          (call $storeBlock (i32.const 608) (local.get $z) (local.get $k))
          (local.set $k (i32.add (local.get $k) (i32.const 8)))
          (br_if $blocks (i32.lt_u (local.get $k) (local.get $rows))))
        (if (local.get $grad)
          (then
            (call $columnUpdate (local.get $cols) (local.get $n) (local.get $first) (local.get $rows)
              (local.get $z) (local.get $grad))))
        (local.set $first (i32.add (local.get $first) (local.get $rows)))
        (br $tiles)))
    (f64.store (i32.const 0) (call $total (local.get $lossSum)))
    (f64.store (i32.const 8) (call $total (local.get $residualSum))))

  ;; With D_i = c_i σ(z_i)σ(−z_i) and p_i = D_i (x_i · v + vb): out[j] += Σ p_i x_ij; scratch 8 ← Σ p_i.
  ;; The column-major "hessianVectorProduct"; its tile buffers are z and u = z + 8·tile.
  (func (export "columnsHessianVectorProduct") (param $cols i32) (param $n i32) (param $count i32)
    (param $c i32) (param $means i32) (param $inverseScales i32) (param $w i32) (param $b f64) (param $v i32)
    (param $vb f64) (param $out i32) (param $z i32) (param $tile i32)
    (local $first i32) (local $rows i32) (local $k i32) (local $u i32) (local $at i32) (local $projectionSum v128)
    (local $p01 v128) (local $p23 v128) (local $p45 v128) (local $p67 v128)
    (local.set $u (i32.add (local.get $z) (i32.shl (local.get $tile) (i32.const 3))))
    (block $done
      (loop $tiles
        (br_if $done (i32.ge_u (local.get $first) (local.get $count)))
        (local.set $rows (i32.sub (local.get $count) (local.get $first)))
        (if (i32.gt_u (local.get $rows) (local.get $tile)) (then (local.set $rows (local.get $tile))))
        (call $columnTile (local.get $cols) (local.get $n) (local.get $first) (local.get $rows)
          (local.get $means) (local.get $inverseScales) (local.get $w) (local.get $b) (local.get $z)
          (local.get $v) (local.get $vb) (local.get $u))
        (local.set $k (i32.const 0))
        (loop $blocks
          (call $columnBlock (local.get $z) (local.get $k) (local.get $rows) (i32.const 0)
            (select (i32.add (local.get $c) (i32.shl (local.get $first) (i32.const 3))) (i32.const 0) (local.get $c)))
          (call $curvatureBlock)
          (local.set $at (i32.add (local.get $u) (i32.shl (local.get $k) (i32.const 3))))
          (local.set $p01 (f64x2.mul (v128.load offset=224 (i32.const 0)) (v128.load (local.get $at))))
          (local.set $p23 (f64x2.mul (v128.load offset=240 (i32.const 0)) (v128.load offset=16 (local.get $at))))
          (local.set $p45 (f64x2.mul (v128.load offset=256 (i32.const 0)) (v128.load offset=32 (local.get $at))))
          (local.set $p67 (f64x2.mul (v128.load offset=272 (i32.const 0)) (v128.load offset=48 (local.get $at))))
          (local.set $projectionSum (f64x2.add (local.get $projectionSum)
            (f64x2.add (f64x2.add (local.get $p01) (local.get $p23)) (f64x2.add (local.get $p45) (local.get $p67)))))
          (v128.store (local.get $at) (local.get $p01))
          (v128.store offset=16 (local.get $at) (local.get $p23))
          (v128.store offset=32 (local.get $at) (local.get $p45))
          (v128.store offset=48 (local.get $at) (local.get $p67))
          (local.set $k (i32.add (local.get $k) (i32.const 8)))
          (br_if $blocks (i32.lt_u (local.get $k) (local.get $rows))))
        (call $columnUpdate (local.get $cols) (local.get $n) (local.get $first) (local.get $rows) (local.get $u)
          (local.get $out))
        (local.set $first (i32.add (local.get $first) (local.get $rows)))
        (br $tiles)))
    (f64.store (i32.const 8) (call $total (local.get $projectionSum))))

  ;; Adds Σ_i D_i x̃_ij x̃_ik to H[j·dim + k] for j ≤ k (the upper triangle of H, dim × dim, row-major), with
  ;; x̃_i = [x_i, 1] when intercept ≠ 0 (dim = n + 1), else x̃_i = x_i (dim = n). The column-major "hessian".
  ;; Its tile buffers are z, then the weighted column D ⊙ x_j at z + 8·tile.
  (func (export "columnsHessian") (param $cols i32) (param $n i32) (param $count i32) (param $c i32)
    (param $means i32) (param $inverseScales i32) (param $w i32) (param $b f64) (param $H i32) (param $dim i32)
    (param $intercept i32) (param $z i32) (param $tile i32)
    (local $first i32) (local $rows i32) (local $k i32) (local $j i32) (local $q i32) (local $o i32)
    (local $pairs i32) (local $p i32) (local $at i32) (local $d v128) (local $sum v128)
    (local.set $q (i32.add (local.get $z) (i32.shl (local.get $tile) (i32.const 3))))
    (block $done
      (loop $tiles
        (br_if $done (i32.ge_u (local.get $first) (local.get $count)))
        (local.set $rows (i32.sub (local.get $count) (local.get $first)))
        (if (i32.gt_u (local.get $rows) (local.get $tile)) (then (local.set $rows (local.get $tile))))
        (local.set $pairs (i32.shl (i32.shr_u (i32.add (local.get $rows) (i32.const 1)) (i32.const 1)) (i32.const 4)))
        (call $columnTile (local.get $cols) (local.get $n) (local.get $first) (local.get $rows)
          (local.get $means) (local.get $inverseScales) (local.get $w) (local.get $b) (local.get $z)
          (i32.const 0) (f64.const 0) (i32.const 0))
        ;; The curvatures D replace the logits; rows past `rows` (to the next pair) get D = 0.
        (local.set $k (i32.const 0))
        (loop $blocks
          (call $columnBlock (local.get $z) (local.get $k) (local.get $rows) (i32.const 0)
            (select (i32.add (local.get $c) (i32.shl (local.get $first) (i32.const 3))) (i32.const 0) (local.get $c)))
          (call $curvatureBlock)
          (call $storeBlock (i32.const 224) (local.get $z) (local.get $k))
          (local.set $k (i32.add (local.get $k) (i32.const 8)))
          (br_if $blocks (i32.lt_u (local.get $k) (local.get $rows))))
        ;; Row j of the triangle: q = D ⊙ x_j, then H[j, k] += q · x_k for k ≥ j (and q · 1 for the intercept).
        (local.set $j (i32.const 0))
        (block $rowsDone
          (loop $eachRow
            (br_if $rowsDone (i32.ge_u (local.get $j) (local.get $n)))
            (local.set $p (i32.add (i32.load (i32.add (local.get $cols) (i32.shl (local.get $j) (i32.const 2))))
              (i32.shl (local.get $first) (i32.const 3))))
            (local.set $o (i32.const 0))
            (loop $weigh
              ;; An odd last row pairs with the row after it, whose D is 0; its x is read but adds nothing.
              (v128.store (i32.add (local.get $q) (local.get $o))
                (f64x2.mul (v128.load (i32.add (local.get $z) (local.get $o)))
                  (v128.load (i32.add (local.get $p) (local.get $o)))))
              (local.set $o (i32.add (local.get $o) (i32.const 16)))
              (br_if $weigh (i32.lt_u (local.get $o) (local.get $pairs))))
            (call $columnRowOfH (local.get $cols) (local.get $n) (local.get $first) (local.get $rows)
              (local.get $q) (local.get $j)
              (i32.add (local.get $H) (i32.shl (i32.mul (local.get $j) (i32.add (local.get $dim) (i32.const 1))) (i32.const 3))))
            (if (local.get $intercept)
              (then
                (local.set $at (i32.add (local.get $H)
                  (i32.shl (i32.add (i32.mul (local.get $j) (local.get $dim)) (local.get $n)) (i32.const 3))))
                (f64.store (local.get $at) (f64.add (f64.load (local.get $at))
                  (call $pairedSum (local.get $q) (local.get $rows))))))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $eachRow)))
        (if (local.get $intercept)
          (then
            (local.set $at (i32.add (local.get $H)
              (i32.shl (i32.mul (local.get $n) (i32.add (local.get $dim) (i32.const 1))) (i32.const 3))))
            (f64.store (local.get $at) (f64.add (f64.load (local.get $at))
              (call $pairedSum (local.get $z) (local.get $rows))))))
        (local.set $first (i32.add (local.get $first) (local.get $rows)))
        (br $tiles))))

  ;; H[j, k] += Σ_i q_i x_ik for k = j … n − 1, with `at` the address of H[j, j].
  (func $columnRowOfH (param $cols i32) (param $n i32) (param $first i32) (param $rows i32) (param $q i32)
    (param $j i32) (param $at i32)
    (local $k i32) (local $p i32) (local $o i32) (local $pairs i32) (local $sum v128)
    (local.set $pairs (i32.shl (i32.and (local.get $rows) (i32.const -2)) (i32.const 3)))
    (local.set $k (local.get $j))
    (block $done
      (loop $each
        (br_if $done (i32.ge_u (local.get $k) (local.get $n)))
        (local.set $p (i32.add (i32.load (i32.add (local.get $cols) (i32.shl (local.get $k) (i32.const 2))))
          (i32.shl (local.get $first) (i32.const 3))))
        (local.set $sum (v128.const f64x2 0 0))
        (local.set $o (i32.const 0))
        (block $pairsDone
          (loop $eachPair
            (br_if $pairsDone (i32.ge_u (local.get $o) (local.get $pairs)))
            (local.set $sum (f64x2.add (local.get $sum)
              (f64x2.mul (v128.load (i32.add (local.get $q) (local.get $o))) (v128.load (i32.add (local.get $p) (local.get $o))))))
            (local.set $o (i32.add (local.get $o) (i32.const 16)))
            (br $eachPair)))
        (if (i32.and (local.get $rows) (i32.const 1))
          (then
            (local.set $sum (f64x2.replace_lane 0 (local.get $sum)
              (f64.add (f64x2.extract_lane 0 (local.get $sum))
                (f64.mul (f64.load (i32.add (local.get $q) (local.get $pairs)))
                  (f64.load (i32.add (local.get $p) (local.get $pairs)))))))))
        (f64.store (local.get $at) (f64.add (f64.load (local.get $at)) (call $total (local.get $sum))))
        (local.set $at (i32.add (local.get $at) (i32.const 8)))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $each))))

  ;; Σ_i s_i over the tile's rows, in pairs (a padding entry past an odd count is 0).
  (func $pairedSum (param $s i32) (param $rows i32) (result f64)
    (local $o i32) (local $sum v128) (local $end i32)
    (local.set $end (i32.shl (i32.shr_u (i32.add (local.get $rows) (i32.const 1)) (i32.const 1)) (i32.const 4)))
    (loop $each
      (local.set $sum (f64x2.add (local.get $sum) (v128.load (i32.add (local.get $s) (local.get $o)))))
      (local.set $o (i32.add (local.get $o) (i32.const 16)))
      (br_if $each (i32.lt_u (local.get $o) (local.get $end))))
    (call $total (local.get $sum)))
)
