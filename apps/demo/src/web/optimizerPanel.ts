import {
  findOptimizerChoice,
  type OptimizerChoice,
  optimizerChoices,
  type SettingValue,
  type SettingValues,
} from "../shared/optimizers.js";

/** A labelled form control. */
export function field(label: string, control: HTMLElement): HTMLLabelElement {
  const wrapper = document.createElement("label");
  wrapper.className = "field";
  const text = document.createElement("span");
  text.textContent = label;
  wrapper.append(text, control);
  return wrapper;
}

/** One run's optimizer and its settings, drawn from the same table the command line's flags come from. */
export class OptimizerPanel {
  readonly element: HTMLFieldSetElement;
  readonly select: HTMLSelectElement;
  private readonly settingsBox = document.createElement("div");
  private readonly summary = document.createElement("p");
  /** Says when this optimizer, with these settings, refuses the L1 penalty that the training box asks for. */
  private readonly l1Note = document.createElement("p");
  private readonly controls = new Map<string, HTMLInputElement | HTMLSelectElement>();

  constructor(
    readonly key: "a" | "b",
    title: string,
    initial: string,
    private readonly onChange: () => void,
  ) {
    this.element = document.createElement("fieldset");
    this.element.className = `optimizer-panel run-${key}`;
    const legend = document.createElement("legend");
    legend.textContent = title;
    this.select = document.createElement("select");
    this.select.id = `optimizer-${key}`;
    for (const choice of optimizerChoices) {
      const option = document.createElement("option");
      option.value = choice.name;
      option.textContent = choice.name;
      this.select.append(option);
    }
    this.select.value = initial;
    this.select.addEventListener("change", () => {
      this.renderSettings();
      this.onChange();
    });
    this.settingsBox.className = "settings";
    this.summary.className = "hint";
    this.l1Note.className = "l1-note";
    this.l1Note.id = `l1-note-${key}`;
    this.element.append(legend, field("optimizer", this.select), this.summary, this.settingsBox, this.l1Note);
    this.renderSettings();
  }

  get choice(): OptimizerChoice {
    return findOptimizerChoice(this.select.value)!;
  }

  private renderSettings(): void {
    this.summary.textContent = `${this.choice.packageName}: ${this.choice.summary}`;
    this.settingsBox.replaceChildren();
    this.controls.clear();
    for (const setting of this.choice.settings) {
      let control: HTMLInputElement | HTMLSelectElement;
      if (setting.kind === "choice") {
        control = document.createElement("select");
        for (const value of setting.choices) control.append(new Option(value, value));
        control.value = setting.defaultValue;
      } else {
        control = document.createElement("input");
        if (setting.kind === "number") {
          control.type = "number";
          control.step = String(setting.step);
          control.value = String(setting.defaultValue);
        } else {
          control.type = "checkbox";
          control.checked = setting.defaultValue;
        }
      }
      control.id = `${setting.key}-${this.key}`;
      control.addEventListener("change", this.onChange);
      this.controls.set(setting.key, control);
      this.settingsBox.append(field(setting.label, control));
    }
  }

  /**
   * With λ1 > 0, says whether this optimizer as set handles an L1 penalty: its `requires.l1` (Newton's
   * "truncated" mode, for one, does not; minimize would refuse it with UNSUPPORTED_OBJECTIVE).
   */
  showL1Support(l1: number): void {
    let handles = true;
    try {
      handles = !(l1 > 0) || this.choice.create(this.values()).requires.l1 === true;
    } catch {
      // Settings the factory refuses: Train says why; nothing to say about L1 yet.
    }
    this.l1Note.dataset.state = handles ? "ok" : "refuses";
    this.l1Note.textContent = handles
      ? ""
      : `${this.choice.name} with these settings does not handle an L1 penalty (its requires.l1 is not set): it refuses λ1 > 0. Pick another optimizer or setting, or set λ1 to 0.`;
  }

  /** The settings as typed; the optimizer's factory checks them (and says what is wrong). */
  values(): SettingValues {
    const values: Record<string, SettingValue> = {};
    for (const setting of this.choice.settings) {
      const control = this.controls.get(setting.key)!;
      values[setting.key] =
        setting.kind === "number"
          ? control.value.trim() === ""
            ? Number.NaN
            : Number(control.value)
          : setting.kind === "boolean"
            ? (control as HTMLInputElement).checked
            : control.value;
    }
    return values;
  }
}
