"""A peer's outgoing queue: in order, never blocking the broadcaster, bounded, and given up on failure."""
import asyncio

from zustand_realtime_server.outbox import Outbox


def test_frames_are_written_in_order_by_the_peers_own_task():
    async def scenario():
        written = []

        async def write(text):
            await asyncio.sleep(0)
            written.append(text)
            return True

        outbox = Outbox(write)
        assert all(outbox.push(str(index)) for index in range(5))
        assert written == []  # push never waits for the socket
        await asyncio.sleep(0.05)
        outbox.close()
        return written

    assert asyncio.run(scenario()) == ["0", "1", "2", "3", "4"]


def test_a_peer_that_does_not_drain_is_refused_past_the_limit():
    async def scenario():
        stuck = asyncio.Event()

        async def write(text):
            await stuck.wait()  # a full TCP window: the write never completes
            return True

        outbox = Outbox(write, limit=3)
        results = [outbox.push("0")]
        await asyncio.sleep(0.01)  # the writer took frame 0 and is stuck writing it
        results += [outbox.push(str(index)) for index in range(1, 6)]
        outbox.close()
        return results

    # The writer holds the first frame; three more wait; the rest are refused (the hub then drops the peer).
    assert asyncio.run(scenario()) == [True, True, True, True, False, False]


def test_a_failed_write_stops_the_writer_and_later_pushes_are_refused():
    async def scenario():
        async def write(text):
            return False

        outbox = Outbox(write)
        first = outbox.push("a")
        await asyncio.sleep(0.01)
        return first, outbox.push("b")

    assert asyncio.run(scenario()) == (True, False)
