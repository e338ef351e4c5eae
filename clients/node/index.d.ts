// Types of the mdrmock test-runner helper (index.js).
import type { ChildProcess } from 'node:child_process';

export interface StartOptions {
  /** The binary: default $MDRMOCK_BIN, else `mdrmock` on the PATH. */
  bin?: string;
  /** More flags, after the ones below (a later flag wins): e.g. ['--clock', 'frozen']. */
  args?: string[];
  /** --port; default 0, a free port (read from the ready line). null: not passed. */
  port?: number | null;
  /** --host; default: not passed (the server's 127.0.0.1). */
  host?: string | null;
  /** --db; default ':memory:', a throw-away database. null: not passed. */
  db?: string | null;
  /** --admin-token, also sent with every control call of the returned object. */
  adminToken?: string;
  /** Variables added to the environment of the server. */
  env?: Record<string, string>;
  /** Leave out the MDRMOCK_* variables of this process's environment. Default false. */
  ignoreEnv?: boolean;
  /** How long to wait for the ready line before killing it and rejecting. Default 10000. */
  readyTimeoutMs?: number;
  /** How long stop() waits for the exit before killing it. Default 20000. */
  stopTimeoutMs?: number;
}

export interface Clock {
  now: string;
  frozen: boolean;
  time_scale: number;
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** The webhook delivery log's filters (GET /_mock/webhooks). */
export interface WebhookFilter {
  message_id?: string;
  event_type?: 'message.sent' | 'message.finalized' | 'message.received';
  url?: string;
  tenant?: string;
  limit?: number;
  detail?: boolean;
  /** Real seconds to wait for a first matching attempt. */
  wait?: number;
}

export interface WebhookAttempt {
  event_id: string;
  message_id: string;
  tenant: string | null;
  event_type: 'message.sent' | 'message.finalized' | 'message.received';
  url: string;
  attempt: number;
  at: string;
  status: number | null;
  error: string | null;
  latency_ms: number;
  ok: boolean;
  request?: { headers: Record<string, string>; body: string } | null;
  response?: { body: string; truncated: boolean } | null;
}

export interface Mdrmock {
  /** http://127.0.0.1:PORT */
  url: string;
  /** url + '/v2': the SDKs' baseURL. */
  v2url: string;
  host: string;
  port: number;
  pid: number | undefined;
  process: ChildProcess;
  readyLine: string;
  /** What the server printed (the newest 4 MiB of each). */
  readonly stdout: string;
  readonly stderr: string;
  /** Settles when the process has exited. */
  exited: Promise<Exit>;
  /** Any control call (docs/behaviour.md §6.1): its JSON answer; a non-2xx answer rejects. */
  control(method: string, path: string, body?: unknown): Promise<any>;
  clock: {
    get(): Promise<Clock>;
    /** '31d', '5s', '1h', '250ms'. */
    advance(by: string): Promise<Clock>;
    set(instant: string | Date): Promise<Clock>;
    freeze(on?: boolean): Promise<Clock>;
  };
  /** Wipes everything, or one tenant's data (its API key). */
  reset(tenant?: string): Promise<{ status: 'ok'; tenant: string | null }>;
  /** The newest message to a number (with its `otp`), waiting up to `wait` seconds; null when none came. */
  latest(to: string, options?: { wait?: number; tenant?: string }): Promise<(Record<string, any> & { otp: string | null }) | null>;
  webhooks(filter?: WebhookFilter): Promise<WebhookAttempt[]>;
  /** Base64 of the Ed25519 public key that verifies webhook signatures. */
  webhookKey(): Promise<string>;
  /** SIGTERM (or signal), then waits; kills it and rejects after timeoutMs. */
  stop(options?: { signal?: NodeJS.Signals; timeoutMs?: number }): Promise<Exit>;
  /** SIGKILL, no waiting for requests in flight. */
  kill(): Promise<Exit>;
}

export class MdrmockError extends Error {
  status?: number;
  body?: unknown;
}

/** Starts mdrmock and resolves once it printed its ready line. */
export function startMdrmock(options?: StartOptions): Promise<Mdrmock>;
