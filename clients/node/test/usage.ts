// What a TypeScript test file does with the helper: type-checked by tests/sdk/test/helper.test.mjs
// (tsc --strict), so index.d.ts stays true to index.js and to the README.
import { startMdrmock, MdrmockError, type Mdrmock, type WebhookAttempt } from 'mdrmock';
import Telnyx from 'telnyx';

export async function example(): Promise<void> {
  const mock: Mdrmock = await startMdrmock({ args: ['--clock', 'frozen'], db: ':memory:' });
  const client = new Telnyx({ apiKey: 'KEY', baseURL: mock.v2url });
  const { data } = await client.messages.send({ from: '+18445550001', to: '+18665550002', text: 'hi' });
  const now: string = (await mock.clock.advance('5s')).now;
  const otp: string | null | undefined = (await mock.latest('+18665550002', { wait: 2 }))?.otp;
  const log: WebhookAttempt[] = await mock.webhooks({ message_id: data?.id, event_type: 'message.finalized', wait: 5 });
  const ok: boolean | undefined = log[0]?.ok;
  await mock.reset('KEY');
  try {
    await mock.control('POST', '/_mock/clock', { advance: 'soon' });
  } catch (e) {
    if (e instanceof MdrmockError) console.log(e.status, now, otp, ok);
  }
  const { code } = await mock.stop();
  if (code !== 0) throw new Error(mock.stderr);
}
