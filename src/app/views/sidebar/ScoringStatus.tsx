import { useShallow } from 'zustand/react/shallow';
import { chunkPlan, describeChunkPlan } from '../../../core/score/chunkLength';
import { SCORING_PATH_LABEL } from '../../../core/score/scoringPathLabel';
import { formatSize } from '../../../core/score/deviceLimits';
import type { LastRun, LoadedModel } from '../../store/scoringSlice';
import { useLensStore } from '../../store/useLensStore';
import { formatCount, formatDuration, formatPlural } from '../ui/format';
import { useEta } from '../ui/useEta';
import { etaText } from '../../../core/run/etaEstimator';

/** Model download (per file and total bytes), warm-up, then scoring with tokens/s and ETA. */
export function ScoringStatus() {
  const { workerStatus, downloads, runState, progress, loadedModel, lastRun, chunkBudgetMiB } = useLensStore(
    useShallow((s) => ({
      workerStatus: s.workerStatus,
      downloads: s.downloads,
      runState: s.runState,
      progress: s.progress,
      loadedModel: s.loadedModel,
      lastRun: s.lastRun,
      chunkBudgetMiB: s.chunkBudgetMiB,
    })),
  );
  const { rate, eta } = useEta(runState === 'idle' ? null : progress);

  if (runState !== 'idle' && workerStatus === 'downloading') {
    const loaded = downloads.reduce((a, f) => a + f.loaded, 0);
    // A server may not say how big a file is (no Content-Length): then only bytes so far are known.
    const isSized = downloads.every((f) => f.total > 0);
    const total = downloads.reduce((a, f) => a + f.total, 0);
    const of = (l: number, t: number) => (t > 0 ? `${formatSize(l)} / ${formatSize(t)}` : formatSize(l));
    return (
      <div className="progress-block" role="status">
        <div className="progress-label">
          <span>Loading the student</span>
          <span className="muted tabular">{of(loaded, isSized ? total : 0)}</span>
        </div>
        {isSized ? <progress aria-label="Model download" value={loaded} max={total || 1} /> : <progress aria-label="Model download" />}
        <ul className="download-list" aria-label="Model files">
          {downloads.map((f) => (
            <li key={f.file}>
              <span className="file-name">{f.file}</span>
              <span className="muted tabular">{of(f.loaded, f.total)}</span>
            </li>
          ))}
        </ul>
      </div>
    );
  }
  if (runState !== 'idle' && (workerStatus === 'warming' || workerStatus === 'loading' || workerStatus === 'none')) {
    const isWarming = workerStatus === 'warming';
    return (
      <div className="progress-block" role="status">
        <div className="progress-label">
          <span>{isWarming ? 'Warming up the student…' : 'Loading the student…'}</span>
        </div>
        <progress aria-label={isWarming ? 'Warming up' : 'Loading the student'} />
      </div>
    );
  }
  if (runState !== 'idle' && progress) {
    const tokenFraction = progress.totalTokens ? progress.doneTokens / progress.totalTokens : 0;
    return (
      <>
        <div className="progress-block" role="status">
          <div className="progress-label">
            <span>{runState === 'cancelling' ? 'Cancelling after this chunk…' : 'Scoring'}</span>
            <span className="muted tabular">
              {formatCount(progress.finished)} / {formatPlural(progress.total, 'trajectory', 'trajectories')}
            </span>
          </div>
          <progress aria-label="Scoring progress" value={progress.totalTokens ? tokenFraction : progress.finished} max={progress.totalTokens ? 1 : progress.total || 1} />
          <div className="progress-label muted tabular">
            <span>{rate > 0 ? `${formatCount(rate)} tokens/s` : 'measuring speed…'}</span>
            <span data-testid="run-panel-eta">ETA {etaText(eta, formatDuration)}</span>
          </div>
        </div>
        {/* What is scoring, while it scores: the file and dtype are the first thing to check on a long run. */}
        {loadedModel && <LoadedModelLines model={loadedModel} budgetBytes={chunkBudgetMiB * 2 ** 20} />}
      </>
    );
  }
  if (loadedModel || lastRun) {
    return (
      <>
        {loadedModel && <LoadedModelLines model={loadedModel} budgetBytes={chunkBudgetMiB * 2 ** 20} />}
        {lastRun && <LastRunLine run={lastRun} />}
      </>
    );
  }
  return null;
}

/**
 * What the worker loaded, as its `ready` event says: model, dtype, device and scoring path; the ONNX
 * file, its size and why it was chosen; its distinctive ops; why its numbers are approximate when
 * they are; and the chunk lengths its memory gives at the current budget.
 */
function LoadedModelLines({ model, budgetBytes }: { model: LoadedModel; budgetBytes: number }) {
  if (model.server) return <ServerModelLines model={model} server={model.server} />;
  return (
    <div className="loaded-model" data-testid="loaded-model" data-file={model.file} data-bytes={model.bytes} data-dtype={model.dtype} data-device={model.device} data-path={model.path}>
      <p className="muted model-line">
        Loaded: <span className="mono">{model.model}</span> · {model.dtype} · {model.device} · {SCORING_PATH_LABEL[model.path]} scoring
      </p>
      {model.file && (
        <p className="muted model-line">
          <span className="mono">{model.file}</span>
          {model.bytes !== undefined && ` · ${formatSize(model.bytes)}`}
          {model.layout && model.layout !== 'float32' && ` · ${model.layout}`}
        </p>
      )}
      {model.choice && <p className="field-hint">Why this file: {model.choice}.</p>}
      {model.memory && (
        <p className="field-hint" data-testid="chunk-plan">
          {capitalize(describeChunkPlan(chunkPlan(model.memory, budgetBytes)))}
        </p>
      )}
      {model.approximate && (
        <p className="notice notice-warning" data-testid="approximate">
          Approximate: {model.approximate}
        </p>
      )}
    </div>
  );
}

/** A server student, as its `ready` event says: the server, its engine and version, the model and the dtype it reports, what its ranks mean, and where the tokenizer came from. */
function ServerModelLines({ model, server }: { model: LoadedModel; server: NonNullable<LoadedModel['server']> }) {
  return (
    <div className="loaded-model" data-testid="loaded-model" data-device="server" data-dtype={model.dtype} data-path="server" data-server={server.url}>
      <p className="muted model-line">
        Server: <span className="mono">{server.url}</span> · {server.engine}
      </p>
      <p className="muted model-line">
        Model: <span className="mono">{model.model}</span> · {model.dtype === 'unreported' ? 'dtype not reported by the server' : model.dtype}
        {server.maxModelLen && ` · max_model_len ${server.maxModelLen.toLocaleString('en-US')}`}
        {server.file && ` · ${server.file}`}
      </p>
      <p className="field-hint">Ranks: {server.rankSemantics}.</p>
      <p className="field-hint">Tokenizer and chat template: {server.tokenizer}.</p>
    </div>
  );
}

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** The finished run's throughput; the data attributes carry the exact figures (benchmarks read them). */
function LastRunLine({ run }: { run: LastRun }) {
  const rate = run.seconds > 0 ? run.tokens / run.seconds : 0;
  return (
    <p className="muted model-line tabular" data-testid="last-run" data-trajectories={run.trajectories} data-tokens={run.tokens} data-seconds={run.seconds} data-device={run.device}>
      Last run{run.cancelled ? ' (cancelled)' : ''}: {formatPlural(run.trajectories, 'trajectory', 'trajectories')} · {formatCount(run.tokens)} tokens in {formatDuration(run.seconds)} ·{' '}
      {rate > 0 ? `${formatCount(rate)} tokens/s` : '–'} on {run.device}
    </p>
  );
}
