import { strict as assert } from "node:assert";
import { describe, it } from "node:test";
import { OperationError, OtClient, TextOperation } from "../src/ot/index.js";
import { Random, randomOperation, randomText } from "./support/random.js";

const op = (json: unknown) => TextOperation.fromJSON(json);

describe("OtClient state machine", () => {
  it("sends the first local edit, buffers and composes later ones, and sends the buffer on ack", () => {
    const client = new OtClient(3);
    assert.equal(client.state, "synchronized");

    const first = op(["a", 2]);
    assert.equal(client.applyClient(first), first);
    assert.equal(client.state, "awaitingConfirm");
    assert.equal(client.pendingCount, 1);

    assert.equal(client.applyClient(op([1, "b", 2])), null);
    assert.equal(client.state, "awaitingWithBuffer");
    assert.equal(client.applyClient(op([4, "c"])), null);
    assert.deepEqual(client.buffer?.toJSON(), [1, "b", 2, "c"]);
    assert.equal(client.pendingCount, 2);

    const next = client.serverAck();
    assert.deepEqual(next?.toJSON(), [1, "b", 2, "c"]);
    assert.equal(client.state, "awaitingConfirm");
    assert.equal(client.revision, 4);

    assert.equal(client.serverAck(), null);
    assert.equal(client.state, "synchronized");
    assert.equal(client.revision, 5);
  });

  it("refuses an ack with nothing in flight", () => {
    assert.throws(() => new OtClient().serverAck(), OperationError);
  });

  it("applies a server operation unchanged when synchronized", () => {
    const client = new OtClient();
    const incoming = op([2, "x"]);
    assert.ok(client.applyServer(incoming).equals(incoming));
    assert.equal(client.revision, 1);
  });

  it("transforms outstanding and buffer as the first argument against a server operation", () => {
    // Document "xy": locally "A" at 0 (outstanding), then "B" at the end (buffer); the server's "S" at 0 is concurrent.
    const client = new OtClient();
    client.applyClient(op(["A", 2]));
    client.applyClient(op([3, "B"]));
    const toApply = client.applyServer(op(["S", 2]));

    // Ties: the local (first-argument) insert stays first, as the server orders the outstanding one first.
    assert.deepEqual(toApply.toJSON(), [1, "S", 3]);
    assert.deepEqual(client.outstanding?.toJSON(), ["A", 3]);
    assert.deepEqual(client.buffer?.toJSON(), [4, "B"]);
    assert.equal(toApply.apply("AxyB"), "ASxyB");
    assert.equal(client.state, "awaitingWithBuffer");
  });

  it("converges with a server that transforms incoming operations first, over random interleavings", () => {
    for (let seed = 1; seed <= 300; seed++) {
      simulate(new Random(seed));
    }
  });
});

/**
 * A server as API.md describes it (incoming operation first against everything since its base revision) and
 * three clients, with messages delivered in random order per direction but in order per connection.
 */
function simulate(random: Random): void {
  const start = randomText(random, 12);
  const history: TextOperation[] = [];
  let serverText = start;
  const clients = [0, 1, 2].map((id) => ({
    id,
    ot: new OtClient(0),
    text: start,
    toServer: [] as { revision: number; op: TextOperation }[],
    fromServer: [] as { ack: boolean; op: TextOperation }[],
  }));

  const steps = 40;
  for (let step = 0; step < steps || clients.some((c) => c.toServer.length || c.fromServer.length); step++) {
    const client = random.pick(clients);
    const action = step < steps ? random.int(3) : 1 + random.int(2);
    if (action === 0) {
      const edit = randomOperation(random, client.text);
      client.text = edit.apply(client.text);
      const send = client.ot.applyClient(edit);
      if (send) {
        client.toServer.push({ revision: client.ot.revision, op: send });
      }
    } else if (action === 1 && client.toServer.length > 0) {
      const { revision, op: incoming } = client.toServer.shift()!;
      let transformed = incoming;
      for (const concurrent of history.slice(revision)) {
        transformed = TextOperation.transform(transformed, concurrent)[0];
      }

      serverText = transformed.apply(serverText);
      history.push(transformed);
      for (const other of clients) {
        other.fromServer.push({ ack: other === client, op: transformed });
      }
    } else if (action === 2 && client.fromServer.length > 0) {
      const message = client.fromServer.shift()!;
      if (message.ack) {
        const send = client.ot.serverAck();
        if (send) {
          client.toServer.push({ revision: client.ot.revision, op: send });
        }
      } else {
        client.text = client.ot.applyServer(message.op).apply(client.text);
      }
    }
  }

  for (const client of clients) {
    assert.equal(client.text, serverText, `seed ${random.seed}: client ${client.id} diverged`);
    assert.equal(client.ot.revision, history.length);
    assert.equal(client.ot.state, "synchronized");
  }
}
