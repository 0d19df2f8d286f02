/**
 * The fixture consoles bench/ringing.ts rings, each driven the way its vendor signals a call: Amazon Connect
 * through the real amazon-connect-streams (the fake CCP replays Amazon-shaped snapshots: ringing voice
 * contact, connected, ended), Genesys Cloud through its notification channel (loopback service: the agent's
 * leg alerting, connected, disconnected), Dynamics 365 through its fixture (incoming notification, Accept,
 * End). Each step returns Date.now() taken just before the console signals it, the clock the panel's marks
 * use too.
 */
import type { BrowserContext, Frame, Page } from '@playwright/test';
import type * as gc from 'purecloud-platform-client-v2';
import type { GenesysService } from '../test/fixtures/genesys-service.ts';

/** One caller of the seeded demo data: the number the console shows and the name the API answers with. */
export interface Caller { ani: string; name: string }

/** A console that can ring, answer and end calls in one tab. */
export interface Console {
  /** Which adapter this console stands for (a row of the table). */
  name: string;
  /** Whether the console signals ringing to the extension at all (Dynamics: no evidenced markup). */
  ringing: boolean;
  open(context: BrowserContext): Promise<Page>;
  ring(id: string, who: Caller): Promise<number>;
  answer(id: string, who: Caller): Promise<number>;
  end(id: string, who: Caller): Promise<void>;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

type Replay = { fixture: { replay(name: string, opts: object): void } };

/** Amazon Connect Agent Workspace with the CCP embedded through Streams. */
export function connectConsole(): Console {
  let ccp: Frame | undefined;
  const replay = (name: string, id: string, who: Caller): Promise<number> => (ccp as Frame).evaluate(([n, cid, ani]) => {
    const t = Date.now();
    (window as unknown as Replay).fixture.replay(n as string, { contactId: cid, phoneNumber: ani });
    return t;
  }, [name, id, who.ani.replace(/[^+\d]/g, '')] as const);
  return {
    name: 'Amazon Connect (Streams)', ringing: true,
    async open(context) {
      const page = await context.newPage();
      ccp = undefined;
      await page.goto('https://acme.my.connect.aws/agent-app-v2/');
      await page.locator('#streams-state').filter({ hasText: 'Streams: initialised' }).waitFor({ timeout: 30_000 });
      for (let i = 0; i < 300 && !ccp; i++) {
        ccp = page.frames().find((f) => f.url().includes('/ccp-v2/?replay'));
        if (!ccp) await sleep(50);
      }
      await (ccp as Frame).waitForFunction(() => typeof (window as unknown as Partial<Replay>).fixture?.replay === 'function');
      return page;
    },
    ring: (id, who) => replay('inboundVoiceRinging', id, who),
    answer: (id, who) => replay('inboundVoiceConnected', id, who),
    end: async (id, who) => void (await replay('inboundVoiceEnded', id, who)),
  };
}

/** Genesys Cloud's agent UI in a tab; the call comes over the notification channel (calls topic). */
export function genesysConsole(genesys: GenesysService): Console {
  const body = (id: string, who: Caller, agent: string, customer = 'connected'): gc.Models.ConversationCallEventTopicCallConversation => ({
    id,
    participants: [
      { id: 'p1', purpose: 'customer', address: `tel:${who.ani.replace(/[^+\d]/g, '')}`, state: customer as 'connected', direction: 'inbound' },
      { id: 'p2', purpose: 'agent', user: { id: genesys.userId }, state: agent as 'alerting', direction: 'inbound' },
    ],
  });
  const send = (b: gc.Models.ConversationCallEventTopicCallConversation): number => {
    const t = Date.now();
    genesys.notify(b);
    return t;
  };
  return {
    name: 'Genesys Cloud (notifications)', ringing: true,
    async open(context) {
      const page = await context.newPage();
      await page.goto('https://apps.mypurecloud.com/directory/');
      await genesys.connected();
      return page;
    },
    ring: async (id, who) => send(body(id, who, 'alerting')),
    answer: async (id, who) => send(body(id, who, 'connected')),
    end: async (id, who) => void send(body(id, who, 'disconnected', 'disconnected')),
  };
}

type DynamicsFixture = { fixture: { ring(o: object): string; accept(): void; end(): void } };

/** Dynamics 365 Customer Service (crm4): incoming notification, then Accept opens the Conversation record. */
export function dynamicsConsole(): Console {
  let page: Page | undefined;
  const act = (what: 'accept' | 'end'): Promise<number> => (page as Page).evaluate((w) => {
    const t = Date.now();
    (window as unknown as DynamicsFixture).fixture[w]();
    return t;
  }, what);
  return {
    name: 'Dynamics 365 (Accept only)', ringing: false,
    async open(context) {
      page = await context.newPage();
      await page.goto('https://contoso.crm4.dynamics.com/main.aspx?appid=5a1b2c3d-0000-4000-8000-000000000001&pagetype=dashboard');
      await page.waitForFunction(() => typeof (window as unknown as Partial<DynamicsFixture>).fixture?.ring === 'function');
      return page;
    },
    ring: (id, who) => (page as Page).evaluate(([cid, ani, name]) => {
      const t = Date.now();
      (window as unknown as DynamicsFixture).fixture.ring({ ani, id: cid, name });
      return t;
    }, [id, who.ani, who.name] as const),
    answer: () => act('accept'),
    end: async () => void (await act('end')),
  };
}
