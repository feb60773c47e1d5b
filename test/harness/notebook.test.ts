/**
 * harness/holdout_harness/notebook.py, the notebook converter, run for real in the base image (python3 of the
 * runtime, the harness mounted read-only, no network): one test per conversion rule with the
 * exact text it produces, each fault with the exact words the participant reads, and the
 * notebooks Jupyter, Colab and Kaggle save converting to the exact script that will run.
 *
 * Every notebook of this file is converted in ONE container (a `before` hook): the Python
 * driver below calls convert() on each and answers one JSON object; each test checks its own.
 */
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { BASE_IMAGE, needsEngine } from '../support/docker.js';

const engine = await needsEngine();
const ROOT = path.resolve(import.meta.dirname, '../..');
const HARNESS = path.join(ROOT, 'harness');
const FIXTURES = path.join(ROOT, 'test/fixtures/notebooks');

type Cell = [type: 'code' | 'markdown' | 'raw', source: string];

/** A notebook as Jupyter saves it (nbformat 4.5: sources as lists of lines). */
function notebook(...cells: Cell[]): string {
  return JSON.stringify({
    cells: cells.map(([cell_type, source], i) => ({
      cell_type,
      id: `c${i}`,
      metadata: {},
      source: source.split(/(?<=\n)/),
      ...(cell_type === 'code' ? { execution_count: null, outputs: [] } : {}),
    })),
    metadata: { kernelspec: { display_name: 'Python 3', language: 'python', name: 'python3' } },
    nbformat: 4,
    nbformat_minor: 5,
  });
}

interface Converted {
  source: string;
  files: Record<string, string>;
  requirements: [name: string, specifier: string, where: string][];
  warnings: string[];
}
type Outcome = { ok: Converted } | { error: { message: string; hint: string; cell: number | null } } | { bug: string };

const DRIVER = `
import json, sys, traceback
sys.path.insert(0, "/.holdout/harness")
from holdout_harness.notebook import convert, NotebookError
answers = {}
for name, text in json.load(sys.stdin).items():
    try:
        r = convert(text)
        answers[name] = {"ok": {"source": r.source, "files": r.files, "requirements": [list(q) for q in r.requirements], "warnings": r.warnings}}
    except NotebookError as e:
        answers[name] = {"error": {"message": e.message, "hint": e.hint, "cell": e.cell_index}}
    except Exception:
        answers[name] = {"bug": traceback.format_exc()}
print(json.dumps(answers))
`;

/** Converts every notebook in one `docker run`, as the sandbox would see the harness. */
async function convertAll(notebooks: Record<string, string>): Promise<Record<string, Outcome>> {
  const r = await execa(
    'docker',
    [
      'run',
      '--rm',
      '-i',
      '--network',
      'none',
      '--read-only',
      '--user',
      '65534:65534',
      '-v',
      `${HARNESS}:/.holdout/harness:ro`,
      BASE_IMAGE,
      'python3',
      '-I',
      '-c',
      DRIVER,
    ],
    { input: JSON.stringify(notebooks), reject: false },
  );
  assert.equal(r.exitCode, 0, r.stderr);
  return JSON.parse(r.stdout) as Record<string, Outcome>;
}

const CASES: Record<string, string> = {};
let answers: Record<string, Outcome> = {};

/** Registers a notebook to convert in the shared container; the test reads its outcome. */
function convertLater(name: string, text: string): () => Outcome {
  CASES[name] = text;
  return () => {
    const a = answers[name];
    assert.ok(a, `no answer for ${name}`);
    if ('bug' in a) assert.fail(`convert() raised a non-NotebookError for ${name}:\n${a.bug}`);
    return a;
  };
}

function converted(outcome: Outcome): Converted {
  if (!('ok' in outcome)) assert.fail(`expected a conversion, got ${JSON.stringify(outcome)}`);
  return outcome.ok;
}

function refused(outcome: Outcome): { message: string; hint: string; cell: number | null } {
  if (!('error' in outcome)) assert.fail(`expected a NotebookError, got ${JSON.stringify(outcome)}`);
  return outcome.error;
}

// ---------------------------------------------------------------------------- the rules

const keeps = convertLater(
  'keeps',
  notebook(
    ['code', '# Hello World'],
    ['code', 'a = 42\ndef hello(x):\n    return x + 1'],
    ['code', 'a += 1\n\nclass Model:\n    pass'],
  ),
);
const compound = convertLater(
  'compound',
  notebook(
    ['code', 'try:\n    import a\nexcept:\n    import b'],
    [
      'code',
      'for x in range(3):\n    if x:\n        print(x)\nwith open("f") as f:\n    f.read()\nwhile False:\n    pass',
    ],
    ['code', 'match x:\n    case 42:\n        print(x)'],
  ),
);
const decorated = convertLater(
  'decorated',
  notebook([
    'code',
    '@functools.cache\ndef f(x):\n    return x\n\nasync def g():\n    await f(1)\n\nawait g()\nprint(x(1\n        + y))',
  ]),
);
const markers = convertLater(
  'markers',
  notebook(
    ['code', '# @crunch/keep:on\na = 42\n# @crunch/keep:off\nb = 42'],
    ['code', '# @crunch/keep:on\nc = 42'],
    ['code', 'd = 42'],
  ),
);
const none = convertLater(
  'none',
  notebook(
    ['code', '# @crunch/keep:none\nimport a\nb = 42\ndef c(): ...'],
    [
      'code',
      '# @crunch/keep:none\nimport d  # == 1\ndef e(): ...\n# @crunch/keep:off\nimport f  # == 2\ng = 42\ndef h(): ...',
    ],
  ),
);
const alias = convertLater(
  'alias',
  notebook([
    'code',
    '# @holdout/keep:on\nDEVICE = "cpu"\n# @holdout/keep:none\ndef plot(): ...\n# @holdout/keep:off\nx = 1',
  ]),
);
const magics = convertLater(
  'magics',
  notebook(
    [
      'code',
      '!pip install pandas==2.2.2\n%matplotlib inline\npip install pandas\npip3 install torch\n%load_ext autoreload\ndf.head?\n??pd.read_csv',
    ],
    ['code', '# @crunch/keep:on\npip = 3\nratio = (10\n% 3)\nHELP = """\n!not a shell line\n%not a magic\n"""'],
  ),
);
const indented = convertLater(
  'indented',
  notebook([
    'code',
    'try:\n    import hello\nexcept ImportError:\n    !pip install hello\n\nimport hello\n\ndef f():\n    %time g()\n    return 1',
  ]),
);
const cellMagics = convertLater(
  'cell magics',
  notebook(
    ['code', '%%bash\nls -la\necho done'],
    ['code', '%%writefile params.yaml\nC: 1'],
    ['code', '%%time\nimport json\nx = json.dumps(1)'],
  ),
);
const specifiers = convertLater(
  'specifiers',
  notebook([
    'code',
    [
      'import hello',
      'import world # == 42',
      'import named # named-python == 42',
      'import extras # [big] >4.2',
      'from sklearn.linear_model import Ridge  # scikit-learn >= 1.2, < 2.0',
      'import pyemd # EMD-signal @latest',
      'import latest # @latest',
      'import ignored # @ignore',
      'import os # == 1.3',
      'import crunch # == 9',
      'import tilde, other # ~= 1.4.2',
      'from . import mine # == 1',
      'import torchvision # torchvision[io, cuda] >= 0.17',
    ].join('\n'),
  ]),
);
const merged = convertLater(
  'merged',
  notebook(['code', 'import hello\nimport hello # == 1'], ['code', 'from hello.sub import x\nimport hello # == 1']),
);
const plainComments = convertLater(
  'plain comments',
  notebook([
    'code',
    'from pandas import DataFrame #, Series\nimport pandas # Import important tools\nimport numpy as np  # linear algebra',
  ]),
);
const mixedLine = convertLater('mixed line', notebook(['code', 'x = 1; import os  # == 2\nimport re; y = re.I']));
const leadingIndent = convertLater('leading indent', notebook(['code', '    import json\n    x = json.loads("1")\n']));
const crlf = convertLater('crlf', notebook(['code', 'import json\r\nx = 1\r\ndef f():\r\n    return x\r\n']));
const raw = convertLater(
  'raw and empty',
  notebook(['raw', 'x = 1'], ['code', ''], ['code', '\n\n'], ['markdown', '# Title']),
);
const empty = convertLater('empty', notebook());
const noExecution = convertLater(
  'no execution',
  notebook(['code', '# @crunch/keep:on\nimport os\nos.system("touch /tmp/ran")\nraise SystemExit(3)']),
);
const embedded = convertLater(
  'embedded',
  notebook(
    ['markdown', '---\nfile: ./notes/a.txt\n---\n\n# Hello World\nfrom a embed markdown file\n'],
    ['markdown', '---\nfile: "params.yaml"  \ndescription: the settings\n---\nC: 0.5'],
    ['markdown', '---\n\nunrelated\n---'],
    ['markdown', '---\n<!-- a rule, then a comment -->'],
    ['markdown', '---\ntitle: not a file\n---\ntext'],
  ),
);

// ---------------------------------------------------------------------------- the faults

const badJson = convertLater('bad json', '{"cells": [');
const notNotebook = convertLater('not a notebook', '{"nbformat": 4}');
const nbformat3 = convertLater('nbformat 3', '{"worksheets": [{"cells": []}], "nbformat": 3}');
const rKernel = convertLater(
  'r kernel',
  JSON.stringify({
    cells: [],
    metadata: { kernelspec: { language: 'R', name: 'ir' } },
    nbformat: 4,
    nbformat_minor: 5,
  }),
);
const badCell = convertLater(
  'bad cell',
  notebook(['markdown', '# Model'], ['code', 'import pandas'], ['code', 'def hello(x):\n    return x +\nx = 1']),
);
const badIndent = convertLater('bad indent', notebook(['code', 'def f():\nreturn 1']));
const duplicate = convertLater(
  'duplicate',
  notebook(
    ['markdown', '---\nfile: readme.md\n---\n# One'],
    ['code', 'import json'],
    ['markdown', '---\nfile: ./README.md\n---\n# Two'],
  ),
);
const contradictory = convertLater(
  'contradictory',
  notebook(['code', 'import pandas as pd  # == 2.2.2'], ['code', 'from pandas import DataFrame  # == 2.1.0']),
);
const contradictoryNames = convertLater(
  'contradictory names',
  notebook(['code', 'import pyemd  # EMD-signal @latest\nimport pyemd  # pyemd @latest']),
);
const sameDistribution = convertLater(
  'same distribution',
  notebook(['code', 'import sklearn  # scikit-learn == 1.5.0\nimport sklearn_extra  # scikit-learn == 1.4.0']),
);
const badVersion = convertLater('bad version', notebook(['code', 'import hello # == aaa']));
const notASpecifier = convertLater('not a specifier', notebook(['code', 'import numpy as np  # <- the maths']));
const urlSpecifier = convertLater('url specifier', notebook(['code', 'import x  # @ https://example.com/x.whl']));
const outside = convertLater(
  'outside',
  notebook(['markdown', '---\nfile: ../../etc/cron.d/x\n---\n* * * * * root id']),
);
const absolute = convertLater('absolute', notebook(['markdown', '---\nfile: /tmp/x\n---\nx']));
const overwritesMain = convertLater('overwrites main', notebook(['markdown', '---\nfile: Main.py\n---\nprint(1)']));
const noFileName = convertLater('no file name', notebook(['markdown', "---\nfile: ''\n---\nx"]));
const badFrontMatter = convertLater('bad front matter', notebook(['markdown', '---\nfile: a.txt\n- 42\n---\nx']));
const keptReturn = convertLater(
  'kept return',
  notebook(['code', 'import json'], ['code', '# @crunch/keep:on\nreturn 5']),
);
const lateFuture = convertLater(
  'late future',
  notebook(['code', 'import json'], ['code', 'from __future__ import annotations']),
);

const fixtureNames = ['jupyter', 'colab', 'kaggle'] as const;
for (const name of fixtureNames)
  CASES[`fixture ${name}`] = await readFile(path.join(FIXTURES, `${name}.ipynb`), 'utf8');
for (const name of ['syntax-error', 'duplicate-file', 'contradictory', 'not-json'])
  CASES[`fixture ${name}`] = await readFile(path.join(FIXTURES, `${name}.ipynb`), 'utf8');

describe('notebook converter (harness/holdout_harness/notebook.py in the base image)', engine, () => {
  before(async () => {
    answers = await convertAll(CASES);
  });

  describe('rules', () => {
    test('imports, functions and classes are kept; every other statement is commented; cells join with two blank lines', () => {
      assert.equal(
        converted(keeps()).source,
        '# Hello World\n\n\n#a = 42\ndef hello(x):\n    return x + 1\n\n\n#a += 1\n\nclass Model:\n    pass\n',
      );
    });

    test('a top-level compound statement is commented whole; imports inside it are warned about', () => {
      const r = converted(compound());
      assert.equal(
        r.source,
        [
          '#try:',
          '#    import a',
          '#except:',
          '#    import b',
          '',
          '',
          '#for x in range(3):',
          '#    if x:',
          '#        print(x)',
          '#with open("f") as f:',
          '#    f.read()',
          '#while False:',
          '#    pass',
          '',
          '',
          '#match x:',
          '#    case 42:',
          '#        print(x)',
          '',
        ].join('\n'),
      );
      assert.deepEqual(r.warnings, [
        'Cell 1, line 1: 2 imports inside a top-level try statement are commented out with it and will not run; move them to the top level, or put # @crunch/keep:on above the statement.',
      ]);
      assert.deepEqual(r.requirements, []);
    });

    test('decorators stay with their function, async functions are kept, top-level await and multi-line calls are commented', () => {
      assert.equal(
        converted(decorated()).source,
        '@functools.cache\ndef f(x):\n    return x\n\nasync def g():\n    await f(1)\n\n#await g()\n#print(x(1\n#        + y))\n',
      );
    });

    test('@crunch/keep:on / :off keep a section, and a marker lasts until the end of its cell', () => {
      assert.equal(
        converted(markers()).source,
        '# @crunch/keep:on\na = 42\n# @crunch/keep:off\n#b = 42\n\n\n# @crunch/keep:on\nc = 42\n\n\n#d = 42\n',
      );
    });

    test('@crunch/keep:none comments out even imports and functions, and their specifiers are not collected', () => {
      const r = converted(none());
      assert.equal(
        r.source,
        '# @crunch/keep:none\n#import a\n#b = 42\n#def c(): ...\n\n\n# @crunch/keep:none\n#import d  # == 1\n#def e(): ...\n# @crunch/keep:off\nimport f  # == 2\n#g = 42\ndef h(): ...\n',
      );
      assert.deepEqual(r.requirements, [['f', '==2', 'cell 2, line 5 (import f  # == 2)']]);
    });

    test('@holdout/keep:on, :none and :off are aliases of the crunch markers', () => {
      assert.equal(
        converted(alias()).source,
        '# @holdout/keep:on\nDEVICE = "cpu"\n# @holdout/keep:none\n#def plot(): ...\n# @holdout/keep:off\n#x = 1\n',
      );
    });

    test('shell, magic and help (df.head?) lines are commented, even in a kept section; % and ! inside brackets or strings are Python', () => {
      assert.equal(
        converted(magics()).source,
        [
          '#!pip install pandas==2.2.2',
          '#%matplotlib inline',
          '#pip install pandas',
          '#pip3 install torch',
          '#%load_ext autoreload',
          '#df.head?',
          '#??pd.read_csv',
          '',
          '',
          '# @crunch/keep:on',
          'pip = 3',
          'ratio = (10',
          '% 3)',
          'HELP = """',
          '!not a shell line',
          '%not a magic',
          '"""',
          '',
        ].join('\n'),
      );
    });

    test('an indented magic line becomes pass so its block still parses', () => {
      assert.equal(
        converted(indented()).source,
        '#try:\n#    import hello\n#except ImportError:\n#    pass  #!pip install hello\n\nimport hello\n\ndef f():\n    pass  #%time g()\n    return 1\n',
      );
    });

    test('a %%bash or %%writefile cell is commented whole with a warning; a %%time cell is Python', () => {
      const r = converted(cellMagics());
      assert.equal(
        r.source,
        '#%%bash\n#ls -la\n#echo done\n\n\n#%%writefile params.yaml\n#C: 1\n\n\n#%%time\nimport json\n#x = json.dumps(1)\n',
      );
      assert.deepEqual(r.warnings, [
        'Cell 1 is a %%bash cell, not Python: it is commented out; do in Python what the cell does, if the submission needs it.',
        'Cell 2 is a %%writefile cell, not Python: it is commented out; embed the file in a Markdown cell with ---/file: name/--- front matter instead.',
      ]);
    });

    test('import-line version specifiers are collected: names, extras, @latest, @ignore; standard library, shims and relative imports left out', () => {
      const r = converted(specifiers());
      assert.deepEqual(r.requirements, [
        ['world', '==42', 'cell 1, line 2 (import world # == 42)'],
        ['named-python', '==42', 'cell 1, line 3 (import named # named-python == 42)'],
        ['extras', '[big]>4.2', 'cell 1, line 4 (import extras # [big] >4.2)'],
        [
          'scikit-learn',
          '>=1.2,<2.0',
          'cell 1, line 5 (from sklearn.linear_model import Ridge  # scikit-learn >= 1.2, < 2.0)',
        ],
        ['EMD-signal', '', 'cell 1, line 6 (import pyemd # EMD-signal @latest)'],
        ['latest', '', 'cell 1, line 7 (import latest # @latest)'],
        ['tilde', '~=1.4.2', 'cell 1, line 11 (import tilde, other # ~= 1.4.2)'],
        ['other', '~=1.4.2', 'cell 1, line 11 (import tilde, other # ~= 1.4.2)'],
        ['torchvision', '[cuda,io]>=0.17', 'cell 1, line 13 (import torchvision # torchvision[io, cuda] >= 0.17)'],
      ]);
      // The lines themselves run as written.
      assert.match(r.source, /^import os # == 1\.3$/m);
    });

    test('a specifier and a bare import of the same module merge, across cells', () => {
      assert.deepEqual(converted(merged()).requirements, [['hello', '==1', 'cell 1, line 2 (import hello # == 1)']]);
    });

    test('an ordinary comment after an import is not a specifier', () => {
      const r = converted(plainComments());
      assert.deepEqual(r.requirements, []);
      assert.equal(
        r.source,
        'from pandas import DataFrame #, Series\nimport pandas # Import important tools\nimport numpy as np  # linear algebra\n',
      );
    });

    test('a line mixing an import with other statements: the line is commented and the import kept after it', () => {
      const r = converted(mixedLine());
      assert.equal(r.source, '#x = 1; import os  # == 2\nimport os\n#import re; y = re.I\nimport re\n');
    });

    test('a cell indented as a whole is dedented, as IPython runs it', () => {
      assert.equal(converted(leadingIndent()).source, 'import json\n#x = json.loads("1")\n');
    });

    test('Windows line endings convert like Unix ones', () => {
      assert.equal(converted(crlf()).source, 'import json\n#x = 1\ndef f():\n    return x\n');
    });

    test('raw cells, empty cells and Markdown are left out; a notebook with no code converts to nothing', () => {
      assert.deepEqual(converted(raw()), { source: '', files: {}, requirements: [], warnings: [] });
      assert.deepEqual(converted(empty()), { source: '', files: {}, requirements: [], warnings: [] });
    });

    test('converting runs none of the notebook: code that would exit is converted, not run', () => {
      assert.equal(
        converted(noExecution()).source,
        '# @crunch/keep:on\nimport os\nos.system("touch /tmp/ran")\nraise SystemExit(3)\n',
      );
    });

    test('a Markdown cell with file: front matter embeds a file; a rule or front matter without file: is Markdown', () => {
      const r = converted(embedded());
      assert.deepEqual(r.files, {
        'notes/a.txt': '# Hello World\nfrom a embed markdown file',
        'params.yaml': 'C: 0.5',
      });
      assert.equal(r.source, '');
    });

    test('the crunch module of the runtime: import crunch and crunch.load_notebook() work, notebook-only calls say why not', async () => {
      const r = await execa(
        'docker',
        [
          'run',
          '--rm',
          '--network',
          'none',
          '--read-only',
          '--user',
          '65534:65534',
          '-v',
          `${HARNESS}:/.holdout/harness:ro`,
          BASE_IMAGE,
          'python3',
          '-I',
          '-c',
          'import sys; sys.path.append("/.holdout/harness/shims")\n' +
            'import crunch\ncrunch = crunch.load_notebook()\nprint(crunch.is_inside_runner)\ncrunch.load_data()',
        ],
        { reject: false },
      );
      assert.equal(r.stdout, 'True');
      assert.equal(r.exitCode, 1);
      assert.match(
        r.stderr,
        /RuntimeError: crunch\.load_data\(\) is for a notebook session; in Holdout the harness loads the data and calls your train\(\) and infer\(\) itself\./,
      );
    });
  });

  describe('faults the participant must fix', () => {
    test('not JSON', () => {
      assert.deepEqual(refused(badJson()), {
        message: 'The notebook is not valid JSON (line 1, column 12: Expecting value), so it is not a notebook file.',
        hint: 'Save it again from Jupyter, Colab or Kaggle (File > Download > .ipynb), or submit a main.py instead.',
        cell: null,
      });
    });

    test('JSON that is not a notebook', () => {
      assert.deepEqual(refused(notNotebook()), {
        message: 'The file is JSON but not a Jupyter notebook: it has no list of cells.',
        hint: 'Save the notebook from Jupyter, Colab or Kaggle (File > Download > .ipynb), or submit a main.py instead.',
        cell: null,
      });
    });

    test('an nbformat 3 notebook', () => {
      assert.deepEqual(refused(nbformat3()), {
        message: 'The notebook is in the old nbformat 3 layout.',
        hint: 'Open it in Jupyter and save it again (that writes nbformat 4), then submit again.',
        cell: null,
      });
    });

    test('a notebook of another language', () => {
      assert.equal(refused(rKernel()).message, "The notebook's kernel language is r; only Python notebooks run here.");
    });

    test('a cell that does not parse: the message names the cell (counting Markdown cells) and the line', () => {
      assert.deepEqual(refused(badCell()), {
        message: 'Cell 3 does not parse as Python: invalid syntax at line 2: return x +',
        hint: 'Fix that line in the notebook, or delete the cell (cells count from the top, Markdown cells included, starting at 1), then submit again.',
        cell: 3,
      });
      assert.equal(
        refused(badIndent()).message,
        'Cell 1 does not parse as Python: expected an indented block after function definition on line 1 at line 2: return 1',
      );
    });

    test('two cells embedding the same file (names differing in case too)', () => {
      assert.deepEqual(refused(duplicate()), {
        message: "Cells 1 and 3 both embed the file 'readme.md' (named 'readme.md' and 'README.md').",
        hint: 'Keep one Markdown cell per embedded file (names differing only in case are the same file), then submit again.',
        cell: 3,
      });
    });

    test('contradictory import-line specifiers', () => {
      assert.deepEqual(refused(contradictory()), {
        message:
          "The notebook asks for two different versions of pandas: '==2.2.2' at cell 1, line 1 (import pandas as pd  # == 2.2.2), and '==2.1.0' at cell 2, line 1 (from pandas import DataFrame  # == 2.1.0).",
        hint: 'Keep one version specifier for pandas (on one import line) and remove the other, then submit again.',
        cell: 2,
      });
      assert.equal(
        refused(contradictoryNames()).message,
        "The notebook asks for two different package names of pyemd: 'EMD-signal' at cell 1, line 1 (import pyemd  # EMD-signal @latest), and 'pyemd' at cell 1, line 2 (import pyemd  # pyemd @latest).",
      );
      assert.equal(
        refused(sameDistribution()).message,
        "The notebook asks for two different versions of scikit-learn: '==1.5.0' at cell 1, line 1 (import sklearn  # scikit-learn == 1.5.0), and '==1.4.0' at cell 1, line 2 (import sklearn_extra  # scikit-learn == 1.4.0).",
      );
    });

    test('a comment that reads as a specifier but is not one', () => {
      const hint =
        "Write a specifier like '# == 2.2.2', '# >= 1.2, < 2.0', '# [extra] >= 1', '# @latest' or '# @ignore', or move the comment to a line of its own, then submit again.";
      assert.deepEqual(refused(badVersion()), {
        message:
          "Cell 1: the comment '# == aaa' after the import at cell 1, line 1 reads as a version specifier, but 'aaa' is not a valid version for ==.",
        hint,
        cell: 1,
      });
      assert.equal(
        refused(notASpecifier()).message,
        "Cell 1: the comment '# <- the maths' after the import at cell 1, line 1 reads as a version specifier, but '<- the maths' is not an operator (==, !=, >=, <=, >, <, ~=, ===) followed by a version.",
      );
      assert.equal(
        refused(urlSpecifier()).message,
        "Cell 1: the comment '# @ https://example.com/x.whl' after the import at cell 1, line 1 reads as a version specifier, but '@https://example.com/x.whl' is not one (only @latest and @ignore are; there is no network to fetch a URL).",
      );
    });

    test('an embedded file outside the submission, absolute, named like the script, unnamed, or with bad front matter', () => {
      assert.deepEqual(refused(outside()), {
        message: "Cell 1 embeds the file '../../etc/cron.d/x', which is outside the submission's folder.",
        hint: 'Name the file with a relative path inside the submission (file: notes/params.yaml), then submit again.',
        cell: 1,
      });
      assert.equal(
        refused(absolute()).message,
        "Cell 1 embeds the file '/tmp/x', which is outside the submission's folder.",
      );
      assert.equal(
        refused(overwritesMain()).message,
        "Cell 1 embeds the file 'Main.py', but that name is the converted notebook's own.",
      );
      assert.equal(refused(noFileName()).message, 'Cell 1 embeds a file but names none (file: is empty).');
      assert.equal(
        refused(badFrontMatter()).message,
        "Cell 1 embeds a file, but its front matter line '- 42' is not 'key: value'.",
      );
    });

    test('kept code that cannot run as a script: the message names the cell and its line', () => {
      assert.deepEqual(refused(keptReturn()), {
        message: "Cell 2 does not compile as part of the script: 'return' outside function at line 2: return 5",
        hint: 'Fix that line (in a section kept with @crunch/keep:on, top-level code must be valid in a script), then submit again.',
        cell: 2,
      });
      assert.equal(
        refused(lateFuture()).message,
        'Cell 2 does not compile as part of the script: from __future__ imports must occur at the beginning of the file at line 1: from __future__ import annotations',
      );
    });
  });

  describe('notebooks as Jupyter, Colab and Kaggle save them', () => {
    for (const name of fixtureNames)
      test(`${name}.ipynb converts to ${name}.expected.py`, async () => {
        const expected = await readFile(path.join(FIXTURES, `${name}.expected.py`), 'utf8');
        assert.equal(converted(answers[`fixture ${name}`]!).source, expected);
      });

    test('the Jupyter fixture: its embedded file and specifiers', () => {
      const r = converted(answers['fixture jupyter']!);
      assert.deepEqual(r.files, { 'notes/params.yaml': 'C: 0.5\nfeatures: [radius, texture]' });
      assert.deepEqual(r.requirements, [
        ['pandas', '==2.2.2', 'cell 3, line 1 (import pandas as pd  # == 2.2.2)'],
        [
          'scikit-learn',
          '>=1.2,<2.0',
          'cell 3, line 3 (from sklearn.linear_model import LogisticRegression  # scikit-learn >= 1.2, < 2.0)',
        ],
      ]);
      assert.deepEqual(r.warnings, []);
    });

    test('the broken fixtures fail with the cell named', () => {
      assert.equal(refused(answers['fixture syntax-error']!).cell, 3);
      assert.equal(refused(answers['fixture duplicate-file']!).cell, 3);
      assert.equal(refused(answers['fixture contradictory']!).cell, 3);
      assert.equal(refused(answers['fixture not-json']!).cell, null);
    });
  });
});
