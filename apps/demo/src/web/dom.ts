/** An HTML element with these properties and children: the page builds its controls with it. */
export function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  properties: Partial<HTMLElementTagNameMap[K]> = {},
  children: (Node | string)[] = [],
): HTMLElementTagNameMap[K] {
  const node = Object.assign(document.createElement(tag), properties);
  node.append(...children);
  return node;
}

/** A text input for a number (decimal keyboard on phones). */
export function numberInput(id: string, value: string, placeholder = ""): HTMLInputElement {
  return element("input", { id, type: "text", inputMode: "decimal", value, placeholder, size: 8 });
}

const SVG_NAMESPACE = "http://www.w3.org/2000/svg";

/** An SVG element with these attributes (and text, for <text> and <title>). */
export function svgElement<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attributes: Readonly<Record<string, string | number>> = {},
  text?: string,
): SVGElementTagNameMap[K] {
  const node = document.createElementNS(SVG_NAMESPACE, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}
