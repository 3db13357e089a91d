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


def _report_ready(queue):
    queue.put(1)


def pool2_ready(method, runs):
    """Pool(2) with an initializer that reports each worker ready: time until both are."""
    ctx = mp.get_context(method)
    samples = []
    for r in range(runs + 2):
        queue = ctx.SimpleQueue()
        t = time.perf_counter()
        pool = ctx.Pool(2, initializer=_report_ready, initargs=(queue,))
        queue.get()
        queue.get()
        if r >= 2:
            samples.append((time.perf_counter() - t) * 1e3)
        pool.terminate()
        pool.join()
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
    elif case == "pool2_ready_spawn":
        print(pool2_ready("spawn", 5 * scale))
    elif case == "pool2_ready_forkserver":
        print(pool2_ready("forkserver", 5 * scale))
    elif case == "tiny_task_round_trip":
        print(tiny_task_round_trip(2000 * scale, 7))
    else:
        sys.exit("unknown case " + case)


if __name__ == "__main__":
    main()
