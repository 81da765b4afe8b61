/**
 * The "which concurrency model?" decision, as plain data.
 *
 * No Astro imports: `DecisionFlowchart.astro` only renders this tree, and the pure helpers
 * below (`branchesOf`, `countOutcomes`, `outcomes`, `pathTo`) can be unit-tested on their own.
 */

/** A leaf of the tree: the recommendation, with a link to the page that teaches it. */
export interface Outcome {
  readonly kind: 'outcome';
  /** Unique across the whole tree; `pathTo` looks outcomes up by it. */
  readonly id: string;
  readonly title: string;
  readonly detail: string;
  /** A root-relative page of the course, such as `/asyncio/`. */
  readonly href: string;
}

/** One labelled way out of a question ("Yes", "No", or any other answer). */
export interface Branch {
  readonly label: string;
  readonly next: DecisionNode;
}

interface QuestionBase {
  readonly kind: 'question';
  readonly id: string;
  readonly text: string;
}

/** A question answered with Yes or No. */
export interface YesNoQuestion extends QuestionBase {
  readonly yes: DecisionNode;
  readonly no: DecisionNode;
}

/** A question with its own answer labels (at least two). */
export interface MultiQuestion extends QuestionBase {
  readonly branches: readonly [Branch, Branch, ...Branch[]];
}

export type Question = YesNoQuestion | MultiQuestion;

/** Any node of the tree. (Not called `Node`, to avoid shadowing the DOM's global `Node`.) */
export type DecisionNode = Question | Outcome;

/** One step on the way to an outcome: the question asked and the answer taken. */
export interface Step {
  readonly question: Question;
  readonly answer: string;
}

/** The answers of a question in display order; a yes/no question gives "Yes" then "No". */
export function branchesOf(question: Question): readonly Branch[] {
  if ('branches' in question) return question.branches;
  return [
    { label: 'Yes', next: question.yes },
    { label: 'No', next: question.no },
  ];
}

/** How many outcomes (leaves) lie under a node; the flowchart uses it to size columns. */
export function countOutcomes(node: DecisionNode): number {
  if (node.kind === 'outcome') return 1;
  return branchesOf(node).reduce((total, branch) => total + countOutcomes(branch.next), 0);
}

/** Every outcome under a node, left to right. */
export function outcomes(node: DecisionNode): Outcome[] {
  if (node.kind === 'outcome') return [node];
  return branchesOf(node).flatMap((branch) => outcomes(branch.next));
}

/**
 * Splits text where a lower-case letter meets an upper-case one, so that a narrow box can
 * wrap a long class name there: "ThreadPoolExecutor" gives ["Thread", "Pool", "Executor"].
 */
export function camelCaseParts(text: string): string[] {
  return text.split(/(?<=[a-z])(?=[A-Z])/);
}

export const decisionTree: Question = {
  kind: 'question',
  id: 'io-bound',
  text: 'Is the work mostly waiting on I/O (network, disk, sleeps)?',
  yes: {
    kind: 'question',
    id: 'many-waits',
    text: 'Do you need thousands of concurrent waits, or are your libraries async-native?',
    yes: {
      kind: 'outcome',
      id: 'asyncio',
      title: 'asyncio',
      detail: 'One thread, one event loop, thousands of cheap tasks that wait together.',
      href: '/asyncio/',
    },
    no: {
      kind: 'outcome',
      id: 'threads-io',
      title: 'Threads (ThreadPoolExecutor)',
      detail: 'Blocking calls release the GIL, so a few dozen threads wait in parallel.',
      href: '/threading/',
    },
  },
  no: {
    kind: 'question',
    id: 'releases-gil',
    text: 'Is the heavy part in a C extension that releases the GIL (NumPy, hashlib, zlib)?',
    yes: {
      kind: 'outcome',
      id: 'threads-c-extension',
      title: 'Threads',
      detail: 'While the C code runs without the GIL, several threads use several cores.',
      href: '/threading/',
    },
    no: {
      kind: 'question',
      id: 'task-size',
      text: 'Is each task big enough to outweigh process start-up and pickling (tens of milliseconds or more, modest data)?',
      yes: {
        kind: 'outcome',
        id: 'processes',
        title: 'Processes (ProcessPoolExecutor)',
        detail: 'Each process has its own interpreter and GIL, so pure Python uses every core.',
        href: '/multiprocessing/',
      },
      no: {
        kind: 'outcome',
        id: 'sequential',
        title: 'Stay sequential',
        detail: 'Batch the work into bigger chunks, or vectorise it, before adding workers.',
        href: '/choosing/#when-concurrency-does-not-pay',
      },
    },
  },
};

/**
 * The questions and answers that lead from `root` to the outcome with id `outcomeId`,
 * in order from the root. Returns `undefined` when no such outcome exists, and an empty
 * list when `root` is itself that outcome.
 */
export function pathTo(outcomeId: string, root: DecisionNode = decisionTree): readonly Step[] | undefined {
  if (root.kind === 'outcome') return root.id === outcomeId ? [] : undefined;
  for (const branch of branchesOf(root)) {
    const rest = pathTo(outcomeId, branch.next);
    if (rest !== undefined) return [{ question: root, answer: branch.label }, ...rest];
  }
  return undefined;
}
