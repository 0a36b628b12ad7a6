import { useId, useState } from 'react';
import { type ServerInfo, isMixedContent } from '../../../core/score/serverClient';
import { checkServer } from '../../scoring/scoringRun';
import { isServerKeyRemembered, serverKey, serverKeyChanged } from '../../scoring/serverKey';
import type { Settings } from '../../store/settingsSlice';
import { BUNDLED_MODEL, type ServerTokenizerKind } from '../../store/studentSource';
import { SelectField } from '../ui/SelectField';

interface ServerStudentFieldProps {
  url: string;
  tokenizer: ServerTokenizerKind;
  /** The tokenizer's Hub id, for tokenizer 'hub'. */
  tokenizerId: string;
  /** The dropped model folder's name, when one is dropped (its tokenizer can be used). */
  droppedName?: string;
  disabled: boolean;
  onChange: (patch: Partial<Pick<Settings, 'serverUrl' | 'serverTokenizer' | 'serverTokenizerId'>>) => void;
}

/**
 * "A server" as the student: its URL, an optional key (in memory, or this tab's sessionStorage when
 * asked: serverKey.ts), a check of what it serves (through the model worker), and where the
 * student's tokenizer comes from — by default the Hub id of the model the server serves.
 */
export function ServerStudentField({ url, tokenizer, tokenizerId, droppedName, disabled, onChange }: ServerStudentFieldProps) {
  const urlId = useId();
  const keyId = useId();
  const hubId = useId();
  const [key, setKey] = useState(serverKey);
  const [remember, setRemember] = useState(isServerKeyRemembered);
  const [check, setCheck] = useState<{ state: 'idle' | 'checking' } | { state: 'done'; info: ServerInfo } | { state: 'failed'; error: string }>({ state: 'idle' });

  const runCheck = async () => {
    setCheck({ state: 'checking' });
    try {
      const info = await checkServer(url.trim(), key);
      setCheck({ state: 'done', info });
      // The tokenizer of the model the server serves, unless another one was chosen.
      if (info.model === BUNDLED_MODEL && tokenizer === 'hub' && !tokenizerId.trim()) onChange({ serverTokenizer: 'bundled' });
      else if (tokenizer === 'hub' && !tokenizerId.trim()) onChange({ serverTokenizerId: info.model });
    } catch (err) {
      setCheck({ state: 'failed', error: (err as Error).message });
    }
  };

  const tokenizerOptions: { value: ServerTokenizerKind; label: string }[] = [
    { value: 'hub', label: 'Hugging Face Hub id' },
    { value: 'bundled', label: `${BUNDLED_MODEL} (bundled)` },
    { value: 'files', label: droppedName ? `Dropped folder: ${droppedName}` : 'Dropped model folder (drop one)' },
  ];
  return (
    <>
      <div className="field">
        <label htmlFor={urlId}>Server URL</label>
        <input
          id={urlId}
          type="url"
          spellCheck={false}
          autoComplete="off"
          placeholder="http://gpu1:8000"
          value={url}
          disabled={disabled}
          onChange={(e) => {
            onChange({ serverUrl: e.currentTarget.value });
            setCheck({ state: 'idle' });
          }}
        />
        <span className="field-hint">vLLM (vllm serve MODEL --max-logprobs 20) or rsr-lens serve. Requests carry token ids; the server never sees a file name.</span>
      </div>
      {isMixedContent(url, self.location.href) && (
        <p className="notice notice-warning" role="alert">
          This page is served over https, and browsers block its requests to an http:// server (mixed content). Serve the server over https, or open RSR Lens over http
          (npm run preview on your machine).
        </p>
      )}
      <div className="field">
        <label htmlFor={keyId}>API key (optional)</label>
        <input
          id={keyId}
          type="password"
          autoComplete="off"
          value={key}
          disabled={disabled}
          onChange={(e) => {
            setKey(e.currentTarget.value);
            serverKeyChanged(e.currentTarget.value, remember);
          }}
        />
        <label className="check">
          <input
            type="checkbox"
            checked={remember}
            disabled={disabled}
            onChange={(e) => {
              setRemember(e.currentTarget.checked);
              serverKeyChanged(key, e.currentTarget.checked);
            }}
          />{' '}
          Keep it for this tab
        </label>
        <span className="field-hint">
          Sent as Authorization: Bearer, to this server only. Kept in this tab's memory, never in the URL, an export or the saved session; kept for the tab, it is in sessionStorage until
          the tab closes, where any script on this page can read it.
        </span>
      </div>
      <div className="button-row">
        <button type="button" className="button" disabled={disabled || !url.trim() || check.state === 'checking'} onClick={() => void runCheck()}>
          {check.state === 'checking' ? 'Checking…' : 'Check server'}
        </button>
      </div>
      {check.state === 'done' && (
        <p className="muted model-line" data-testid="server-check">
          <span className="mono">{check.info.model}</span> · {check.info.engine}
          {check.info.version && ` ${check.info.version}`} · {check.info.dtype ?? 'dtype not reported'}
          {check.info.maxModelLen && ` · max_model_len ${check.info.maxModelLen.toLocaleString('en-US')}`} · ranks {check.info.rankSemantics === 'strict' ? 'strict' : 'vLLM #{≥}, strict derived from the top 20'}
        </p>
      )}
      {check.state === 'failed' && (
        <p className="notice notice-error" role="alert" data-testid="server-check-error">
          {check.error}
        </p>
      )}
      <SelectField label="Tokenizer" value={tokenizer} options={tokenizerOptions} disabled={disabled} onChange={(serverTokenizer) => onChange({ serverTokenizer })} />
      {tokenizer === 'hub' && (
        <div className="field">
          <label htmlFor={hubId}>Tokenizer Hub id</label>
          <input id={hubId} type="text" spellCheck={false} autoComplete="off" placeholder="the served model's id" value={tokenizerId} disabled={disabled} onChange={(e) => onChange({ serverTokenizerId: e.currentTarget.value })} />
          <span className="field-hint">The student's tokenizer and chat template are read here (downloaded once); its token ids are what the server scores.</span>
        </div>
      )}
    </>
  );
}
