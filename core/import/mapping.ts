// Which table a sheet fills and which field each column fills, guessed from names:
// our field ids, the schema's en/pt-BR labels and aliases, and the header names that
// SenseData and CustomerX exports use for the same fields. Every guess is editable in the
// wizard; a column that matches nothing is listed and ignored.
import { fieldsOf, schema, tableNames, type FieldDef, type TableName } from '../schema.js';

/** Lower case, accents and punctuation removed, no spaces: "Data de Registro" → "dataderegistro". */
export const foldKey = (s: string): string =>
  String(s ?? '').normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '');

/**
 * Header names of other CS tools' exports (SenseData, CustomerX, Gainsight, HubSpot) per
 * table and field. Kept here rather than in the schema: they describe other products'
 * files, not our fields.
 */
export const vendorHeaders: { [T in TableName]?: Record<string, string[]> } = {
  customers: {
    name: ['Cliente', 'Nome do cliente', 'Razão social', 'Nome fantasia', 'Empresa', 'Company name', 'Account name', 'Account'],
    externalId: ['ID Original', 'ID externo', 'Id do cliente no sistema de origem', 'CNPJ/CPF', 'Documento', 'External Id', 'Original ID'],
    segment: ['Segmento', 'Segment', 'Vertical', 'Setor', 'Industry'],
    plan: ['Plano', 'Plan', 'Produto contratado'],
    phase: ['Fase', 'Etapa', 'Jornada', 'Lifecycle stage', 'Stage'],
    csOwner: ['CS', 'Responsável CS', 'CS responsável', 'Customer Success', 'Owner'],
    csm: ['CSM', 'Gerente de sucesso', 'Customer Success Manager'],
    salesOwner: ['Comercial', 'Vendedor', 'Executivo de vendas', 'Account executive', 'Sales rep'],
    registeredAt: ['Data de Registro', 'Data de cadastro', 'Cliente desde', 'Customer since', 'Created date', 'Create date'],
    riskFlag: ['Risco', 'Em risco', 'Risco de churn', 'At risk'],
    upsellFlag: ['Upsell', 'Oportunidade de upsell'],
  },
  contracts: {
    customerId: ['Cliente', 'ID Cliente', 'Customer'],
    model: ['Tipo de contrato', 'Modelo', 'Recorrência', 'Tipo de receita'],
    value: ['Valor', 'Valor mensal', 'MRR', 'Valor do contrato', 'Amount', 'Mensalidade'],
    billingPeriodMonths: ['Periodicidade', 'Ciclo de cobrança', 'Billing period', 'Billing cycle'],
    setupFee: ['Implantação', 'Setup', 'Taxa de setup'],
    licenses: ['Licenças', 'Usuários contratados', 'Seats', 'Quantidade'],
    startDate: ['Início', 'Data de início', 'Início da vigência', 'Start date'],
    endDate: ['Fim', 'Data de fim', 'Fim da vigência', 'Término', 'End date'],
    autoRenew: ['Renovação automática', 'Auto renovação', 'Auto renew'],
    canceledAt: ['Cancelamento', 'Data de cancelamento', 'Cancellation date', 'Churn date'],
    product: ['Produto', 'Product'],
  },
  activities: {
    title: ['Atividade', 'Assunto', 'Descrição', 'Subject'],
    type: ['Tipo', 'Tipo de atividade', 'Activity type'],
    owner: ['Responsável', 'Dono', 'Assigned to'],
    dueDate: ['Vencimento', 'Prazo', 'Data prevista', 'Due date'],
    doneAt: ['Concluída em', 'Data de conclusão', 'Realizada em', 'Completed at'],
  },
  surveys: {
    kind: ['Tipo', 'Tipo de pesquisa', 'Pesquisa', 'Survey type'],
    date: ['Data', 'Data da resposta', 'Respondida em', 'Response date'],
    score: ['Nota', 'Resposta', 'Score', 'Avaliação'],
    comment: ['Comentário', 'Comentários', 'Feedback'],
  },
  invoices: {
    issueDate: ['Emissão', 'Data de emissão', 'Competência', 'Issue date'],
    dueDate: ['Vencimento', 'Data de vencimento', 'Due date'],
    amount: ['Valor', 'Valor do título', 'Valor da fatura', 'Amount'],
    paidAt: ['Pagamento', 'Data de pagamento', 'Pago em', 'Paid at', 'Payment date'],
  },
  tickets: {
    openedAt: ['Abertura', 'Data de abertura', 'Aberto em', 'Created at'],
    closedAt: ['Fechamento', 'Data de fechamento', 'Encerrado em', 'Closed at'],
    slaDueAt: ['SLA', 'Prazo SLA', 'Vencimento SLA'],
    subject: ['Assunto', 'Título', 'Subject'],
  },
  usage: {
    date: ['Data', 'Dia', 'Date'],
    userId: ['Usuário', 'Login', 'E-mail do usuário', 'User'],
    actions: ['Ações', 'Acessos', 'Eventos', 'Actions', 'Events'],
  },
  contacts: {
    name: ['Nome', 'Contato', 'Nome do contato'],
    email: ['E-mail', 'Email'],
    phone: ['Telefone', 'Celular', 'Phone'],
    role: ['Papel', 'Cargo', 'Função', 'Role'],
    active: ['Ativo', 'Active'],
    createdAt: ['Criado em', 'Data de cadastro', 'Created at'],
  },
};

/** Sheet names per table in English and pt-BR (folded), as people name their tabs. */
const sheetNames: Record<TableName, string[]> = {
  customers: ['customers', 'clientes', 'cliente', 'accounts', 'carteira'],
  contracts: ['contracts', 'contratos', 'contrato', 'assinaturas'],
  activities: ['activities', 'atividades', 'tarefas', 'tasks'],
  surveys: ['surveys', 'pesquisas', 'nps', 'respostas'],
  invoices: ['invoices', 'faturas', 'titulos', 'financeiro', 'cobrancas'],
  tickets: ['tickets', 'chamados', 'suporte'],
  usage: ['usage', 'uso', 'acessos', 'utilizacao'],
  contacts: ['contacts', 'contatos', 'pessoas'],
};

const indexes = new Map<TableName, Map<string, string>>();
/** folded header → field of the table ('id' for the row id). Earlier passes win. */
export function headerIndex(table: TableName): Map<string, string> {
  let idx = indexes.get(table);
  if (idx) return idx;
  idx = new Map([['id', 'id'], ['iddopulso', 'id'], ['pulsoid', 'id']]);
  const fields = fieldsOf(table) as Record<string, FieldDef>;
  const vendor = vendorHeaders[table] ?? {};
  const passes: ((name: string, f: FieldDef) => string[])[] = [
    (name) => [name],
    (_, f) => [f.label.en, f.label['pt-BR'], f.label.en + ' *', f.label['pt-BR'] + ' *'],
    (_, f) => f.aliases ?? [],
    (name) => vendor[name] ?? [],
  ];
  for (const pass of passes) for (const [name, f] of Object.entries(fields)) {
    for (const c of pass(name, f)) {
      const k = foldKey(c);
      if (k && !idx.has(k)) idx.set(k, name);
    }
  }
  indexes.set(table, idx);
  return idx;
}

export interface ColumnMap {
  column: number;
  header: string;
  /** The field the column fills ('id' for the row id), null when ignored. */
  field: string | null;
}

/** The field of each header; a field is filled by its first column only. */
export function guessMapping(table: TableName, headers: string[], remembered?: Record<string, string | null>): ColumnMap[] {
  const idx = headerIndex(table);
  const fields = fieldsOf(table) as Record<string, FieldDef>;
  const used = new Set<string>();
  return headers.map((header, column) => {
    const key = foldKey(header);
    let f: string | null | undefined = remembered && key in remembered ? remembered[key] : idx.get(key);
    if (f && f !== 'id' && !(f in fields)) f = null;
    if (!f || used.has(f)) return { column, header, field: null };
    used.add(f);
    return { column, header, field: f };
  });
}

/** The table a sheet fills: its name when it names one, else the table whose fields its headers match best. */
export function guessTable(sheetName: string, headers: string[]): TableName {
  const named = tableOfSheetName(sheetName);
  if (named) return named;
  let best: TableName = 'customers', bestScore = -1;
  for (const t of tableNames) {
    const idx = headerIndex(t);
    const fields = new Set(headers.map((h) => idx.get(foldKey(h))).filter((f): f is string => !!f && f !== 'id'));
    const all = Object.entries(schema[t].fields) as [string, FieldDef][];
    const missingRequired = all.filter(([n, f]) => f.required && !fields.has(n)).length;
    // Matched fields, less the required ones missing (a sheet without a customer column is
    // not contacts), then the share of the table's fields matched (usage's 4 beat customers' 11).
    const score = fields.size * 100 - missingRequired * 150 + (fields.size / all.length) * 10;
    if (score > bestScore) { best = t; bestScore = score; }
  }
  return best;
}

/** Is this sheet name one of the tables' (so a workbook import knows which sheets to take)? */
export function tableOfSheetName(sheetName: string): TableName | null {
  const n = foldKey(sheetName);
  for (const t of tableNames) if (sheetNames[t].includes(n) || foldKey(schema[t].label.en) === n || foldKey(schema[t].label['pt-BR']) === n) return t;
  return null;
}
