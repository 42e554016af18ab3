// Measures per-record storage with a heavy notebook against an empty one,
// in the same run: start to Today, what one change costs, typing in meeting
// notes, and how much each meeting takes in the browser's storage.
// Called by bench/run.mjs, which records the figures in bench/results.md.

const QUOTA_UNITS = 5 * 1024 * 1024;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Generated documents of a heavy notebook, as Rapport stores them. */
export function heavyRecords() {
  const words = ["fintech", "health", "design", "data", "ops", "mentor", "alumni", "climate", "retail", "logistics"];
  const first = ["Ana", "Ben", "Carla", "Dmitri", "Eva", "Farid", "Grace", "Hugo", "Inés", "José", "Kai", "Lena"];
  const last = ["Souza", "Okafor", "Díaz", "Ivanov", "Martín", "Nguyen", "Olsen", "Patel", "Quinn", "Rossi"];
  const t0 = Date.parse("2026-06-01T09:00:00Z");
  let next = 1_000_000_000;
  const id = () => (next += 7919);
  const docs = {};
  const put = (type, record) => {
    const _id = `${type}:${record.id}`;
    docs[`rapport.doc.${_id}`] = JSON.stringify({ _id, _rev: "1-bench", type, ...record });
  };
  const orgs = [];
  for (let i = 0; i < 300; i++) {
    const o = { id: id(), name: `Org ${i} ${words[i % 10]}`, priority: (i % 20) + 1, status: "Researching", created_at: t0 + i };
    orgs.push(o.id);
    put("organization", o);
  }
  const events = [];
  for (let i = 0; i < 50; i++) {
    const e = { id: id(), name: `Meetup ${i}`, date: "2026-09-01", place: "Hall", people_target: 5, created_at: t0 + i };
    events.push(e.id);
    put("event", e);
  }
  const people = [];
  for (let i = 0; i < 2000; i++) {
    const c = {
      id: id(),
      name: `${first[i % 12]} ${last[(i * 7) % 10]} ${i}`,
      list: ["A", "B", "C"][i % 3],
      organization: i % 3 === 2 ? orgs[i % 300] : null,
      role: `Role ${i % 40}`,
      referred_by: i > 10 && i % 4 !== 0 ? people[Math.floor(i / 2)] : null,
      tags: [words[i % 10], words[(i * 3) % 10]],
      notes: `Met at event ${i % 50}. Interested in ${words[(i * 5) % 10]}.`,
      decision_maker: i % 17 === 0,
      created_at: t0 + i * 60_000,
      updated_at: t0 + i * 60_000,
    };
    people.push(c.id);
    put("contact", c);
  }
  const sentence = "She explained how the team hires, who decides, and which skills matter most this year. ";
  const meetings = [];
  for (let i = 0; i < 2600; i++) {
    const start = t0 + i * 3_600_000;
    const m = {
      id: id(),
      contact_id: people[i % 2000],
      contact_name: `Person ${i % 2000}`,
      scheduled_at: start,
      place: "Café",
      purposes: ["Advice", "Referrals"],
      notes: sentence.repeat(6).slice(0, 500),
      clock: { started_at: start, paused_at: null, paused_ms: 0, plan: { pitch_end_min: 2, referrals_at_min: 20, wrap_up_at_min: 25, length_min: 30 } },
      // One meeting is still running, to type notes into.
      ended_at: i === 7 ? null : start + 1_800_000,
      created_at: start,
    };
    meetings.push(m.id);
    put("meeting", m);
  }
  for (let i = 0; i < 3000; i++) {
    put("follow_up", {
      id: id(),
      contact_id: people[i % 2000],
      meeting_id: meetings[i % 2600],
      kind: "ThankYou",
      due: "2026-12-01",
      done_at: i % 3 === 0 ? null : t0 + i,
      created_at: t0 + i,
    });
  }
  docs["rapport.meta"] = JSON.stringify({ app: "rapport", format: 3 });
  return { docs, contact: people[5], meeting: meetings[7] };
}

/** The browser figures, as a markdown section. */
export async function recordsBench(browser, base) {
  const heavy = heavyRecords();
  const units = Object.entries(heavy.docs).reduce((n, [k, v]) => n + k.length + v.length, 0);
  const meetingDocs = Object.entries(heavy.docs).filter(([k]) => k.startsWith("rapport.doc.meeting:"));
  const perMeeting = meetingDocs.reduce((n, [k, v]) => n + k.length + v.length, 0) / meetingDocs.length;

  async function run(docs) {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, serviceWorkers: "block" });
    const page = await context.newPage();
    await page.goto(`${base}/data`);
    await page.waitForSelector("main h1");
    await page.evaluate((items) => {
      localStorage.clear();
      for (const [k, v] of Object.entries(items)) localStorage.setItem(k, v);
    }, docs);
    const starts = [];
    for (let i = 0; i < 5; i++) {
      await page.goto(`${base}/`);
      await page.waitForSelector("main h1");
      await page.waitForFunction(() => document.querySelector("main h1")?.textContent === "Today");
      starts.push(await page.evaluate(() => performance.now()));
    }
    return { context, page, start: median(starts) };
  }

  const empty = await run({ "rapport.meta": JSON.stringify({ app: "rapport", format: 3 }) });
  await empty.context.close();
  const full = await run(heavy.docs);
  const { page } = full;

  // One contact edit: the save runs at once when the page is hidden,
  // so dispatching pagehide times exactly the work of saving one change.
  const edits = [];
  await page.goto(`${base}/contacts/${heavy.contact}/edit`);
  const role = page.getByRole("textbox", { name: "Role" });
  for (let i = 0; i < 5; i++) {
    await role.fill(`Head of ops ${i}`);
    await page.getByRole("button", { name: "Save" }).click();
    await page.waitForURL(`**/contacts/${heavy.contact}`);
    edits.push(
      await page.evaluate(() => {
        const t0 = performance.now();
        window.dispatchEvent(new Event("pagehide"));
        return performance.now() - t0;
      }),
    );
    await page.goto(`${base}/contacts/${heavy.contact}/edit`);
  }

  // Typing 200 characters into meeting notes, pausing now and then so the
  // notes are saved between keystrokes; every keystroke's input to next frame.
  await page.goto(`${base}/meetings/${heavy.meeting}/live`);
  const notes = page.getByRole("textbox", { name: "Notes" });
  await notes.waitFor();
  const keys = await notes.evaluate(async (el) => {
    const times = [];
    let text = el.value;
    for (let i = 0; i < 200; i++) {
      text += "abcdefghij klmnopqrst"[i % 21];
      const t0 = performance.now();
      el.value = text;
      el.dispatchEvent(new Event("input", { bubbles: true }));
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
      times.push(performance.now() - t0);
      if (i % 25 === 24) await new Promise((r) => setTimeout(r, 450));
    }
    return times;
  });
  const notesSave = [];
  for (let i = 0; i < 5; i++) {
    notesSave.push(
      await notes.evaluate(async (el, n) => {
        el.value += ` pause ${n}`;
        el.dispatchEvent(new Event("input", { bubbles: true }));
        const t0 = performance.now();
        window.dispatchEvent(new Event("pagehide"));
        return performance.now() - t0;
      }, i),
    );
  }
  await full.context.close();

  return `## Heavy notebook, one record per key

2,000 contacts, 300 organizations, 2,600 meetings with 500-character notes, 3,000 follow-ups and 50 events:
${(units / 1e6).toFixed(2)} million UTF-16 code units stored, ${((units / QUOTA_UNITS) * 100).toFixed(0)}% of the ~5.24 million a browser gives a site.

| measure | empty notebook | heavy notebook |
| --- | ---: | ---: |
| Start to Today rendered (median of 5 loads) | ${empty.start.toFixed(0)} ms | ${full.start.toFixed(0)} ms (${(full.start / empty.start).toFixed(2)}×) |
| Saving one contact edit (main thread, median of 5) | | ${median(edits).toFixed(1)} ms |
| Saving a pause in meeting notes (main thread, median of 5) | | ${median(notesSave).toFixed(1)} ms |
| Keystroke in meeting notes, 200 typed (input to next frame) | | median ${median(keys).toFixed(1)} ms, slowest ${Math.max(...keys).toFixed(1)} ms |

Stored size per meeting (500-character notes): ${Math.round(perMeeting)} code units, so about ${Math.floor(QUOTA_UNITS / perMeeting).toLocaleString("en")} such meetings fit in an otherwise empty quota.
`;
}
