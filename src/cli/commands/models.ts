/**
 * `vouch models scan PATH... [--format text|json|sarif]`: scans model files without executing
 * them (see src/ai/scan.ts). Register with `registerModelsCommands(program, io)`; the scanner is
 * imported inside the action so other commands do not load it.
 */
import { type Command, Option } from 'commander';
import { EXIT } from '../exit-codes.js';
import { type CliIO, processIO } from '../io.js';

export function registerModelsCommands(program: Command, io: CliIO = processIO): void {
  const models = program.command('models').description('model files: scan for code that runs when they load');
  models
    .command('scan')
    .description(
      'scan model files (pickle, PyTorch, joblib, NumPy, Keras, safetensors, GGUF, ONNX, TFLite) without executing them; formats are recognised by content',
    )
    .argument('<paths...>', 'files or directories')
    .addOption(
      new Option('-f, --format <format>', 'output format').choices(['text', 'json', 'sarif']).default('text'),
    )
    .action(async (paths: string[], opts: { format: 'text' | 'json' | 'sarif' }) => {
      const { modelsScan, modelsScanExitCode, renderModelsScan } = await import('../../app/models-scan.js');
      const report = modelsScan(paths);
      io.out(renderModelsScan(report, opts.format));
      const code = modelsScanExitCode(report);
      // dangerous: the "failed" code; not fully examined: an unusable input.
      process.exitCode = code === 1 ? EXIT.failed : code === 2 ? EXIT.usage : EXIT.ok;
    });
}
