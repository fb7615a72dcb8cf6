import type { TfjsModelBuilder } from "./tfjs.js";

/**
 * The multiclass model in TensorFlow.js: a dense layer of K units (W, n × K, and b, K) under a softmax,
 * trained on descent's multinomial objective exactly: the mean softmax cross-entropy (softmaxCrossEntropy's
 * default reduction, the mean over rows) plus (λ/2)‖W‖²_F, with unpenalized intercepts. The layer is built
 * from variables rather than tf.layers.dense so that the loss is this function and nothing else (a Keras
 * model adds its own regularizer scaling and float32 bookkeeping).
 */
export function softmaxModel(classes: number): TfjsModelBuilder {
  return (tf, X, y, l2) => {
    const [m, n] = X.shape;
    const features = tf.tensor2d(Float32Array.from(X.data), [m, n]);
    const indices = tf.tensor1d(Int32Array.from(y), "int32");
    const targets = tf.oneHot(indices, classes);
    const W = tf.variable(tf.zeros([n, classes]));
    const b = tf.variable(tf.zeros([classes]));
    const halfL2 = tf.scalar(l2 / 2);
    return {
      loss: () =>
        tf.add(
          tf.losses.softmaxCrossEntropy(targets, tf.add(tf.matMul(features, W), b)),
          tf.mul(halfL2, tf.sum(tf.square(W))),
        ) as import("@tensorflow/tfjs").Scalar,
      variables: [W, b],
      readTheta(theta) {
        // TF.js holds W as n × K (features by classes); descent's θ is W row-major K × n, then b.
        const weights = W.dataSync();
        for (let k = 0; k < classes; k++) {
          for (let j = 0; j < n; j++) theta[k * n + j] = weights[j * classes + k]!;
        }
        const intercepts = b.dataSync();
        for (let k = 0; k < classes; k++) theta[classes * n + k] = intercepts[k]!;
      },
      tensors: [features, indices, targets, W, b, halfL2],
    };
  };
}
