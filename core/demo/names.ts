// Word lists for a plausible Brazilian CS portfolio: company names composed per segment,
// people, phones and e-mail addresses. Pure data plus tiny composition helpers.
import type { Rng } from './random.js';

export const SEGMENTS = ['SaaS', 'Indústria', 'Comércio', 'Serviços'] as const;
export type Segment = (typeof SEGMENTS)[number];

export const PHASES = ['Onboarding', 'Adoção', 'Engajamento', 'Renovação'] as const;

/** A dozen CS owners; they are also the CSMs and the owners of activities. */
export const CS_OWNERS = [
  'Ana Souza', 'Bruno Lima', 'Camila Ferreira', 'Diego Santos', 'Fernanda Oliveira', 'Gabriel Costa',
  'Juliana Almeida', 'Lucas Pereira', 'Mariana Rodrigues', 'Rafael Carvalho', 'Patrícia Gomes', 'Thiago Ribeiro',
] as const;

/**
 * The person the server's first-start link is issued to (sync-server/first-start.ts): one
 * of the CS owners, so that after "Load demo data" the dashboard's "My tasks" (activities
 * whose owner is the link's name) lists that person's tasks instead of nothing.
 */
export const DEMO_OWNER: (typeof CS_OWNERS)[number] = CS_OWNERS[0];

export const SALES_OWNERS = ['Carlos Mendes', 'Renata Barbosa', 'Eduardo Martins', 'Vanessa Rocha', 'Marcelo Teixeira'] as const;

// Segment word + place-like core + legal suffix, e.g. "Metalúrgica Paulista Ltda".
const SEGMENT_WORDS: Record<Segment, readonly string[]> = {
  Indústria: ['Metalúrgica', 'Têxtil', 'Plásticos', 'Alimentos', 'Química', 'Cerâmica', 'Embalagens', 'Autopeças', 'Móveis', 'Laticínios'],
  Comércio: ['Padaria', 'Mercado', 'Farmácia', 'Distribuidora', 'Atacadão', 'Empório', 'Magazine', 'Ótica', 'Livraria', 'Casa de Carnes'],
  Serviços: ['Clínica', 'Contabilidade', 'Transportadora', 'Construtora', 'Escola', 'Consultoria', 'Advocacia', 'Agência', 'Laboratório', 'Hotel'],
  // SaaS names put the word after the core: "Nuvem Tech S.A.".
  SaaS: ['Tech', 'Software', 'Digital', 'Cloud', 'Labs', 'Sistemas', 'Data', 'Apps', 'Soluções', 'Tecnologia'],
};
const CORES = [
  'Paulista', 'Pão de Mel', 'Nuvem', 'Horizonte', 'Aurora', 'Boa Vista', 'Santa Clara', 'Serra Azul', 'Ipê', 'Jacarandá',
  'Atlântico', 'Cruzeiro do Sul', 'Estrela', 'Vale Verde', 'Três Irmãos', 'São Jorge', 'Bandeirantes', 'Guanabara', 'Pampa', 'Cerrado',
  'Sertão', 'Litoral', 'Araucária', 'Mantiqueira', 'Tietê', 'Iguaçu', 'Tropical', 'Rio Claro', 'Monte Alegre', 'Nova Era',
  'Primavera', 'Carioca', 'Mineira', 'Gaúcha', 'Baiana', 'Amazônia', 'Pantanal', 'Capixaba', 'Potiguar', 'Sol Nascente',
];
const CITIES = ['Campinas', 'Sorocaba', 'Curitiba', 'Recife', 'Goiânia', 'Londrina', 'Joinville', 'Uberlândia', 'Natal', 'Maringá', 'Santos', 'Vitória'];
const LEGAL = [['Ltda', 6], ['ME', 2], ['EPP', 1], ['S.A.', 2]] as const;

/** A company name, unique within `taken` (a city qualifier, then a number, break ties). */
export function companyName(rng: Rng, segment: Segment, taken: Set<string>): string {
  const word = rng.pick(SEGMENT_WORDS[segment]);
  const core = rng.pick(CORES);
  const legal = rng.weighted(LEGAL);
  const base = segment === 'SaaS' ? `${core} ${word}` : `${word} ${core}`;
  let name = `${base} ${legal}`;
  for (let i = 0; taken.has(name) && i < 3; i++) name = `${base} de ${rng.pick(CITIES)} ${legal}`;
  for (let n = 2; taken.has(name); n++) name = `${base} ${n} ${legal}`;
  taken.add(name);
  return name;
}

/** Lower-case ASCII slug: "Pão de Mel" → "paodemel". */
export function slug(s: string): string {
  return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** A .com.br domain from the name without its legal suffix. */
export function domainOf(companyName: string): string {
  const words = companyName.split(' ').filter((w) => !['Ltda', 'ME', 'EPP', 'S.A.', 'de'].includes(w));
  return `${slug(words.slice(0, 3).join(''))}.com.br`;
}

const FIRST = [
  'Ana', 'Beatriz', 'Carla', 'Daniela', 'Eduarda', 'Flávia', 'Gabriela', 'Helena', 'Isabela', 'Larissa', 'Luana', 'Natália', 'Priscila', 'Sabrina', 'Tatiane',
  'André', 'Caio', 'Felipe', 'Gustavo', 'Henrique', 'João', 'José', 'Leonardo', 'Matheus', 'Paulo', 'Pedro', 'Ricardo', 'Rodrigo', 'Vinícius', 'Wagner',
];
const LAST = [
  'Silva', 'Santos', 'Oliveira', 'Souza', 'Lima', 'Pereira', 'Ferreira', 'Costa', 'Rodrigues', 'Almeida', 'Nascimento', 'Araújo', 'Melo', 'Barbosa', 'Ribeiro',
  'Martins', 'Carvalho', 'Gomes', 'Rocha', 'Dias', 'Moreira', 'Cardoso', 'Teixeira', 'Correia', 'Cavalcanti', 'Monteiro', 'Moura', 'Freitas', 'Vieira', 'Azevedo',
];
const AREA_CODES = ['11', '11', '11', '21', '21', '31', '41', '47', '48', '51', '61', '62', '71', '81', '85', '19', '27'];

export function personName(rng: Rng): string {
  return `${rng.pick(FIRST)} ${rng.pick(LAST)}`;
}

export function emailOf(person: string, domain: string): string {
  const [first, ...rest] = person.split(' ');
  return `${slug(first)}.${slug(rest[rest.length - 1] ?? '')}@${domain}`;
}

/** A Brazilian mobile number, e.g. "(11) 98765-4321". */
export function phone(rng: Rng): string {
  const n = String(rng.int(0, 99_999_999)).padStart(8, '0');
  return `(${rng.pick(AREA_CODES)}) 9${n.slice(0, 4)}-${n.slice(4)}`;
}

export const ACTIVITY_KINDS: readonly (readonly [string, readonly string[]])[] = [
  ['Reunião', ['Reunião de acompanhamento', 'QBR trimestral', 'Alinhamento de metas', 'Revisão do plano de sucesso']],
  ['Ligação', ['Ligação de check-in', 'Follow-up de NPS', 'Conversa sobre renovação']],
  ['E-mail', ['Envio do relatório de uso', 'Convite para webinar', 'Comunicado de nova funcionalidade']],
  ['Treinamento', ['Treinamento de usuários', 'Treinamento de administradores']],
  ['Tarefa', ['Atualizar mapa de stakeholders', 'Preparar proposta de upsell', 'Cobrar fatura em aberto', 'Revisar tickets críticos']],
];

export const TICKET_SUBJECTS = [
  'Erro ao exportar relatório', 'Dúvida sobre faturamento', 'Integração com ERP falhando', 'Lentidão no sistema',
  'Solicitação de novo usuário', 'Problema de login', 'Ajuste de permissões', 'Dúvida sobre nota fiscal',
  'Erro na importação de planilha', 'Solicitação de treinamento',
];

export const ADD_ONS = ['Módulo BI', 'Módulo Financeiro', 'Integração ERP', 'Usuários adicionais', 'API Premium', 'App Mobile'];
export const ONE_OFFS = ['Treinamento in company', 'Consultoria de processos', 'Migração de dados', 'Workshop de boas práticas'];

export const COMMENTS = {
  good: ['Ferramenta excelente, equipe muito atenciosa.', 'O suporte resolveu tudo rapidamente.', 'Ganhamos muita produtividade.', 'Recomendo para outras empresas.'],
  mid: ['Atende, mas poderia ser mais simples.', 'Sentimos falta de alguns relatórios.', 'Bom produto, preço um pouco alto.'],
  bad: ['O sistema está muito lento.', 'Demoram para responder os chamados.', 'Estamos avaliando outras opções.', 'Cobrança veio errada de novo.'],
};
