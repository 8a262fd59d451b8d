// A tiny tagged-template SQL builder: values always become bind parameters, fragments compose.
// Template-literal SQL without this tag is banned by lint, so injection needs a deliberate act.

const SQL_BRAND = Symbol('sql');

export interface SqlFragment {
  readonly [SQL_BRAND]: true;
  readonly strings: readonly string[];
  readonly values: readonly unknown[];
}

export interface CompiledQuery {
  text: string;
  values: unknown[];
}

function isFragment(value: unknown): value is SqlFragment {
  return typeof value === 'object' && value !== null && SQL_BRAND in value;
}

function fragment(strings: readonly string[], values: readonly unknown[]): SqlFragment {
  return { [SQL_BRAND]: true, strings, values };
}

export function sql(strings: TemplateStringsArray, ...values: unknown[]): SqlFragment {
  return fragment([...strings], values);
}

/** A trusted identifier or keyword (never user input): table and column names from code. */
sql.raw = (text: string): SqlFragment => fragment([text], []);

/** Quote an identifier from code, e.g. a table name in the backup tool. */
sql.ident = (name: string): SqlFragment => {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) {
    throw new Error(`unsafe identifier ${name}`);
  }
  return sql.raw(`"${name}"`);
};

sql.join = (parts: readonly SqlFragment[], separator = ', '): SqlFragment => {
  if (parts.length === 0) {
    return sql.raw('');
  }
  // n fragments need n + 1 surrounding strings: '' before the first, separators between, '' after
  const strings = ['', ...parts.slice(1).map(() => separator), ''];
  return fragment(strings, [...parts]);
};

sql.empty = fragment([''], []);

export function compile(query: SqlFragment): CompiledQuery {
  const values: unknown[] = [];
  const walk = (frag: SqlFragment): string => {
    let text = frag.strings[0] ?? '';
    frag.values.forEach((value, i) => {
      if (isFragment(value)) {
        text += walk(value);
      } else {
        values.push(value);
        text += `$${values.length}`;
      }
      text += frag.strings[i + 1] ?? '';
    });
    return text;
  };
  return { text: walk(query), values };
}
