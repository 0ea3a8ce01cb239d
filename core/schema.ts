// The one schema of the workbook (METRICS.md "Tables"). Validation, the TypeScript row
// types, the grid's columns and the import mapping are all derived from these
// descriptors; nothing else lists fields.

export type Lang = 'en' | 'pt-BR';
export type Label = { en: string; 'pt-BR': string };

interface FieldBase {
  label: Label;
  /** Required fields must be present (and valid) for a row to validate. */
  required?: boolean;
  /** Extra header names accepted by imports (lower-case compared, accents ignored). */
  aliases?: string[];
}
export interface TextField extends FieldBase {
  kind: 'text';
  /** document: a tax id (CNPJ/CPF), shown whole and found by its digits alone. */
  format?: 'email' | 'phone' | 'multiline' | 'document';
  /** Free text that runs long (titles, subjects, comments): the grid gives it room and wraps it on demand. */
  long?: boolean;
}
export interface DateField extends FieldBase { kind: 'date' }
export interface NumberField extends FieldBase {
  kind: 'number';
  integer?: boolean;
  min?: number;
  max?: number;
  /** Allowed values (e.g. billing periods 1/3/6/12). */
  oneOf?: readonly number[];
  default?: number;
  format?: 'money' | 'count' | 'score';
}
export interface BooleanField extends FieldBase { kind: 'boolean'; default?: boolean }
export interface EnumField<V extends string = string> extends FieldBase {
  kind: 'enum';
  values: readonly V[];
  valueLabels?: Record<V, Label>;
  default?: V;
}
export interface RefField extends FieldBase { kind: 'ref'; table: 'customers' | 'contacts' }

export type FieldDef = TextField | DateField | NumberField | BooleanField | EnumField | RefField;

const L = (en: string, pt: string): Label => ({ en, 'pt-BR': pt });
// The option object's literal type is kept (`const O`), so `required: true` reaches the row types.
const text = <const O extends Partial<TextField> = {}>(en: string, pt: string, o?: O) => ({ kind: 'text', label: L(en, pt), ...o }) as TextField & O;
const date = <const O extends Partial<DateField> = {}>(en: string, pt: string, o?: O) => ({ kind: 'date', label: L(en, pt), ...o }) as DateField & O;
const num = <const O extends Partial<NumberField> = {}>(en: string, pt: string, o?: O) => ({ kind: 'number', label: L(en, pt), ...o }) as NumberField & O;
const bool = <const O extends Partial<BooleanField> = {}>(en: string, pt: string, o?: O) => ({ kind: 'boolean', label: L(en, pt), ...o }) as BooleanField & O;
function enumOf<const V extends string, const O extends Partial<EnumField<V>> = {}>(en: string, pt: string, values: readonly V[], o?: O) {
  return { kind: 'enum', label: L(en, pt), values, ...o } as EnumField<V> & O;
}
const customerRef = () => ({ kind: 'ref' as const, table: 'customers' as const, required: true as const, label: L('Customer', 'Cliente'), aliases: ['customer', 'cliente', 'customer id', 'id cliente'] }) satisfies RefField;

export const schema = {
  customers: {
    label: L('Customers', 'Clientes'),
    fields: {
      name: text('Name', 'Nome', { required: true, aliases: ['customer', 'cliente', 'razão social', 'company'] }),
      externalId: text('CNPJ/CPF', 'CNPJ/CPF', { format: 'document', aliases: ['external id', 'cnpj', 'cpf', 'cpf/cnpj', 'document', 'documento', 'policy'] }),
      segment: text('Segment', 'Segmento'),
      plan: text('Plan', 'Plano'),
      phase: text('Phase', 'Fase'),
      csOwner: text('CS', 'CS', { aliases: ['cs owner', 'responsável cs'] }),
      csm: text('CSM', 'CSM'),
      salesOwner: text('Sales', 'Comercial', { aliases: ['sales owner', 'vendedor'] }),
      registeredAt: date('Registered', 'Cadastro', { aliases: ['registered at', 'data de cadastro'] }),
      riskFlag: bool('Churn risk (manual)', 'Risco de churn (manual)', { default: false }),
      upsellFlag: bool('Upsell opportunity (manual)', 'Oportunidade de upsell (manual)', { default: false }),
    },
  },
  contracts: {
    label: L('Contracts', 'Contratos'),
    fields: {
      customerId: customerRef(),
      model: enumOf('Model', 'Modelo', ['recurring', 'one-off'] as const, {
        required: true,
        valueLabels: { recurring: L('Recurring', 'Recorrente'), 'one-off': L('One-off', 'Avulso') },
      }),
      value: num('Value', 'Valor', { required: true, min: 0, format: 'money' }),
      billingPeriodMonths: num('Billing period (months)', 'Periodicidade (meses)', { integer: true, oneOf: [1, 3, 6, 12], default: 1 }),
      setupFee: num('Setup fee', 'Taxa de implantação', { min: 0, default: 0, format: 'money' }),
      licenses: num('Licenses', 'Licenças', { integer: true, min: 0, default: 0, format: 'count' }),
      startDate: date('Start', 'Início', { required: true }),
      endDate: date('End', 'Fim'),
      autoRenew: bool('Auto-renew', 'Renovação automática', { default: false }),
      canceledAt: date('Canceled', 'Cancelado em'),
      product: text('Product', 'Produto'),
    },
  },
  activities: {
    label: L('Activities', 'Atividades'),
    fields: {
      customerId: customerRef(),
      title: text('Title', 'Título', { required: true, long: true }),
      type: text('Type', 'Tipo'),
      owner: text('Owner', 'Responsável'),
      dueDate: date('Due', 'Vencimento'),
      doneAt: date('Done', 'Concluída em'),
    },
  },
  surveys: {
    label: L('Surveys', 'Pesquisas'),
    fields: {
      customerId: customerRef(),
      kind: enumOf('Kind', 'Tipo', ['nps', 'csat', 'ces'] as const, {
        required: true,
        valueLabels: { nps: L('NPS', 'NPS'), csat: L('CSAT', 'CSAT'), ces: L('CES', 'CES') },
      }),
      date: date('Date', 'Data', { required: true }),
      // Range depends on kind (nps 0–10, csat 1–5, ces 1–7): checked by validation's row rules.
      score: num('Score', 'Nota', { required: true, integer: true, min: 0, max: 10, format: 'score' }),
      contactId: { kind: 'ref', table: 'contacts', label: L('Contact', 'Contato') } as RefField,
      comment: text('Comment', 'Comentário', { format: 'multiline', long: true }),
    },
  },
  invoices: {
    label: L('Invoices', 'Faturas'),
    fields: {
      customerId: customerRef(),
      issueDate: date('Issued', 'Emissão', { required: true }),
      dueDate: date('Due', 'Vencimento', { required: true }),
      amount: num('Amount', 'Valor', { required: true, min: 0, format: 'money' }),
      paidAt: date('Paid', 'Pago em'),
    },
  },
  tickets: {
    label: L('Tickets', 'Tickets'),
    fields: {
      customerId: customerRef(),
      openedAt: date('Opened', 'Aberto em', { required: true }),
      closedAt: date('Closed', 'Fechado em'),
      slaDueAt: date('SLA due', 'Prazo SLA'),
      subject: text('Subject', 'Assunto', { long: true }),
    },
  },
  usage: {
    label: L('Usage', 'Uso'),
    fields: {
      customerId: customerRef(),
      date: date('Date', 'Data', { required: true }),
      userId: text('User', 'Usuário', { required: true }),
      actions: num('Actions', 'Ações', { required: true, integer: true, min: 0, format: 'count' }),
    },
  },
  contacts: {
    label: L('Contacts', 'Contatos'),
    fields: {
      customerId: customerRef(),
      name: text('Name', 'Nome', { required: true }),
      email: text('Email', 'E-mail', { format: 'email' }),
      phone: text('Phone', 'Telefone', { format: 'phone' }),
      role: enumOf('Role', 'Papel', ['sponsor', 'champion', 'user', 'billing', 'other'] as const, {
        valueLabels: {
          sponsor: L('Sponsor', 'Patrocinador'),
          champion: L('Champion', 'Campeão'),
          user: L('User', 'Usuário'),
          billing: L('Billing', 'Financeiro'),
          other: L('Other', 'Outro'),
        },
      }),
      active: bool('Active', 'Ativo', { default: true }),
      createdAt: date('Created', 'Criado em'),
    },
  },
} as const;

/** Survey score range by kind (METRICS.md: nps 0–10, csat 1–5, ces 1–7). */
export const surveyScoreRange = { nps: [0, 10], csat: [1, 5], ces: [1, 7] } as const;

export type Schema = typeof schema;
export type TableName = keyof Schema;
export const tableNames = Object.keys(schema) as TableName[];
export type FieldName<T extends TableName> = keyof Schema[T]['fields'] & string;

// ---- Row types derived from the descriptors -------------------------------------------

type ValueOf<F> = F extends { kind: 'enum'; values: readonly (infer V)[] }
  ? V
  : F extends { kind: 'number' }
    ? number
    : F extends { kind: 'boolean' }
      ? boolean
      : string;

type RequiredKeys<Fs> = { [K in keyof Fs]: Fs[K] extends { required: true } ? K : never }[keyof Fs];
type OptionalKeys<Fs> = Exclude<keyof Fs, RequiredKeys<Fs>>;

/** A well-formed row of table T. Required fields are present; optional ones may be absent. */
export type RowOf<T extends TableName> = { id: string } & {
  -readonly [K in RequiredKeys<Schema[T]['fields']>]: ValueOf<Schema[T]['fields'][K]>;
} & {
  -readonly [K in OptionalKeys<Schema[T]['fields']>]?: ValueOf<Schema[T]['fields'][K]>;
};

export type Customer = RowOf<'customers'>;
export type Contract = RowOf<'contracts'>;
export type Activity = RowOf<'activities'>;
export type Survey = RowOf<'surveys'>;
export type Invoice = RowOf<'invoices'>;
export type Ticket = RowOf<'tickets'>;
export type Usage = RowOf<'usage'>;
export type Contact = RowOf<'contacts'>;

export interface RowTypes {
  customers: Customer;
  contracts: Contract;
  activities: Activity;
  surveys: Survey;
  invoices: Invoice;
  tickets: Ticket;
  usage: Usage;
  contacts: Contact;
}

export function fieldsOf<T extends TableName>(table: T): Record<FieldName<T>, FieldDef> {
  return schema[table].fields as unknown as Record<FieldName<T>, FieldDef>;
}

/**
 * Tables ordered so that every table comes after the tables its reference fields point
 * to (surveys.contactId → contacts), derived from the descriptors. Bulk loads (demo,
 * import, restore) insert in this order so that reference checks see their targets.
 */
export const tableLoadOrder: TableName[] = (() => {
  const out: TableName[] = [];
  const visit = (t: TableName) => {
    if (out.includes(t)) return;
    for (const f of Object.values(schema[t].fields) as FieldDef[]) if (f.kind === 'ref' && f.table !== t) visit(f.table);
    out.push(t);
  };
  tableNames.forEach(visit);
  return out;
})();
