/**
 * A small XML reader for tool output (DiskSpd's `-Rxml`): elements, attributes and text.
 * No DTDs, namespaces or processing instructions beyond skipping them.
 */

/** One XML element. */
export interface XmlElement {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: XmlElement[];
  /** The element's own text (entities decoded, trimmed). */
  text: string;
}

const ENTITIES: Readonly<Record<string, string>> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, entity: string) => {
    if (entity.startsWith("#x") || entity.startsWith("#X")) return String.fromCodePoint(parseInt(entity.slice(2), 16));
    if (entity.startsWith("#")) return String.fromCodePoint(parseInt(entity.slice(1), 10));
    return ENTITIES[entity] ?? whole;
  });
}

const TOKEN = /<!--[\s\S]*?-->|<!\[CDATA\[([\s\S]*?)\]\]>|<\?[\s\S]*?\?>|<!DOCTYPE[^>]*>|<\/\s*([^\s>]+)\s*>|<([^\s/>]+)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|([^<]+)/gy;
const ATTRIBUTE = /([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

/**
 * Parses XML text into its top-level elements (several documents may follow each other).
 * Throws an Error describing the first malformed spot.
 */
export function parseXmlElements(xml: string): XmlElement[] {
  const roots: XmlElement[] = [];
  const open: XmlElement[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < xml.length) {
    const at = TOKEN.lastIndex;
    const match = TOKEN.exec(xml);
    if (!match) throw new Error(`malformed XML at character ${at}: ${JSON.stringify(xml.slice(at, at + 30))}`);
    const [, cdata, closing, opening, attributeText = "", selfClosing, text] = match;
    const current = open[open.length - 1];
    if (opening !== undefined) {
      const attributes: Record<string, string> = {};
      for (const attribute of attributeText.matchAll(ATTRIBUTE)) {
        attributes[attribute[1] as string] = decodeEntities(attribute[2] ?? attribute[3] ?? "");
      }
      const element: XmlElement = { name: opening, attributes, children: [], text: "" };
      (current ? current.children : roots).push(element);
      if (!selfClosing) open.push(element);
    } else if (closing !== undefined) {
      if (!current || current.name !== closing) {
        throw new Error(`malformed XML at character ${at}: </${closing}> closes ${current ? `<${current.name}>` : "nothing"}`);
      }
      current.text = current.text.trim();
      open.pop();
    } else if (current && (cdata !== undefined || text !== undefined)) {
      current.text += cdata ?? decodeEntities(text ?? "");
    } else if (text !== undefined && text.trim() !== "") {
      throw new Error(`malformed XML at character ${at}: text outside any element`);
    }
  }
  const unclosed = open[open.length - 1];
  if (unclosed) throw new Error(`malformed XML: <${unclosed.name}> is never closed`);
  return roots;
}

/** The child elements of `element` named `name`. */
export function childrenNamed(element: XmlElement, name: string): XmlElement[] {
  return element.children.filter((child) => child.name === name);
}

/** The first child element named `name`, following a path of names. */
export function childAt(element: XmlElement, ...path: string[]): XmlElement | undefined {
  let current: XmlElement | undefined = element;
  for (const name of path) current = current?.children.find((child) => child.name === name);
  return current;
}

/** The number in the child at `path`, or undefined when absent or not a number. */
export function numberAt(element: XmlElement, ...path: string[]): number | undefined {
  const text = childAt(element, ...path)?.text;
  if (text === undefined || text === "") return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}
