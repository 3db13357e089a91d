"""CPython twins of the Java benchmark cases: each prints one median, in the unit of its Java twin.

Usage: python3 bench_mp.py <case> [--quick]
"""
import multiprocessing as mp
import statistics
import sys
import time


def noop():
    pass


def start_join(method, runs):
    ctx = mp.get_context(method)
    for _ in range(3):
        p = ctx.Process(target=noop)
        p.start()
        p.join()
    samples = []
    for _ in range(runs):
        t = time.perf_counter()
        p = ctx.Process(target=noop)
        p.start()
        p.join()
        samples.append((time.perf_counter() - t) * 1e3)
    return statistics.median(samples)


def square(x):
    return x * x


def serve(conn):
    while True:
        task = conn.recv()
        if task is None:
            return
        f, x = task
        conn.send(f(x))


def tiny_task_round_trip(tasks, runs):
    ctx = mp.get_context("spawn")
    parent, child = ctx.Pipe()
    p = ctx.Process(target=serve, args=(child,))
    p.start()
    samples = []
    for r in range(runs + 1):
        t = time.perf_counter()
        for i in range(tasks):
            parent.send((square, i))
            assert parent.recv() == i * i
        if r > 0:
            samples.append((time.perf_counter() - t) * 1e6 / tasks)
    parent.send(None)
    p.join()
    return statistics.median(samples)


def produce_ints(queue, go, count, total):
    for _ in range(total):
        go.get()
        for i in range(count):
            queue.put(i)


def queue_small_ints(count, runs):
    ctx = mp.get_context("spawn")
    queue, go = ctx.Queue(), ctx.Queue()
    p = ctx.Process(target=produce_ints, args=(queue, go, count, runs + 1))
    p.start()
    samples = []
    for r in range(runs + 1):
        go.put(1)
        t = time.perf_counter()
        for i in range(count):
            assert queue.get() == i
        if r > 0:
            samples.append(count / (time.perf_counter() - t))
    p.join()
    return statistics.median(samples)


def echo(conn):
    while True:
        message = conn.recv()
        if message is None:
            return
        conn.send(message)


def pipe_round_trip(round_trips, runs):
    ctx = mp.get_context("spawn")
    parent, child = ctx.Pipe()
    p = ctx.Process(target=echo, args=(child,))
    p.start()
    samples = []
    for r in range(runs + 1):
        t = time.perf_counter()
        for i in range(round_trips):
            parent.send(i)
            assert parent.recv() == i
        if r > 0:
            samples.append((time.perf_counter() - t) * 1e6 / round_trips)
    parent.send(None)
    p.join()
    return statistics.median(samples)


MIB = 1 << 20


def produce_mib(via_queue, queue, conn, count, total):
    payload = bytes(MIB)
    for _ in range(total):
        conn.recv()
        for _ in range(count):
            if via_queue:
                queue.put(payload)
            else:
                conn.send_bytes(payload)


def mib_messages(via_queue, count, runs):
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    parent, child = ctx.Pipe()
    p = ctx.Process(target=produce_mib, args=(via_queue, queue, child, count, runs + 1))
    p.start()
    samples = []
    for r in range(runs + 1):
        parent.send(1)
        t = time.perf_counter()
        received = 0
        for _ in range(count):
            received += len(queue.get() if via_queue else parent.recv_bytes())
        if r > 0:
            samples.append(received / (time.perf_counter() - t) / 1e9)
    p.join()
    return statistics.median(samples)


def main():
    case = sys.argv[1]
    quick = "--quick" in sys.argv
    scale = 1 if quick else 3
    if case == "spawn_start_join":
        print(start_join("spawn", 10 * scale))
    elif case == "fork_start_join":
        print(start_join("fork", 10 * scale))
    elif case == "forkserver_start_join":
        print(start_join("forkserver", 10 * scale))
    elif case == "tiny_task_round_trip":
        print(tiny_task_round_trip(2000 * scale, 7))
    elif case == "queue_small_ints":
        print(queue_small_ints(200_000 * scale, 5))
    elif case == "pipe_round_trip":
        print(pipe_round_trip(2000 * scale, 7))
    elif case == "queue_mib_messages":
        print(mib_messages(True, 200, 5))
    elif case == "pipe_mib_messages":
        print(mib_messages(False, 200, 5))
    else:
        sys.exit("unknown case " + case)


if __name__ == "__main__":
    main()
