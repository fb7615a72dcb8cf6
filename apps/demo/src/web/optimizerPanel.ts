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
    this.element.append(legend, field("optimizer", this.select), this.summary, this.settingsBox);
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
