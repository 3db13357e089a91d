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


class Money:
    __slots__ = ("cents", "currency")

    def __init__(self, cents, currency):
        self.cents = cents
        self.currency = currency


def parse_money(text):
    cents, currency = text.split(" ")
    return Money(int(cents), currency)


def reduce_money(money):
    return parse_money, ("%d %s" % (money.cents, money.currency),)


def reduced_dumps_loads(iterations, runs):
    from multiprocessing.reduction import ForkingPickler
    ForkingPickler.register(Money, reduce_money)
    values = [Money(i * 101, "EUR" if i % 2 == 0 else "USD") for i in range(100)]
    samples = []
    for r in range(runs + 3):
        t = time.perf_counter()
        for _ in range(iterations):
            assert len(ForkingPickler.loads(ForkingPickler.dumps(values))) == 100
        if r >= 3:
            samples.append((time.perf_counter() - t) * 1e6 / iterations)
    return statistics.median(samples)


def lock_pairs(pairs, runs):
    lock = mp.Lock()
    acquire, release = lock.acquire, lock.release
    samples = []
    for r in range(runs + 3):
        t = time.perf_counter()
        for _ in range(pairs):
            acquire()
            release()
        if r >= 3:
            samples.append(pairs / (time.perf_counter() - t))
    return statistics.median(samples)


def _increment(value, n):
    lock = value.get_lock()
    for _ in range(n):
        with lock:
            value.value += 1


def _increment_worker(counter, n, ready, go, ends, slot):
    ready.release()
    go.wait(60)
    _increment(counter, n)
    ends[slot] = time.monotonic_ns()


def value_increments(n, runs):
    ctx = mp.get_context("spawn")
    samples = []
    for _ in range(runs):
        counter = ctx.Value("q", 0)
        go, ready = ctx.Event(), ctx.Semaphore(0)
        ends = ctx.Array("q", 2, lock=False)
        workers = [ctx.Process(target=_increment_worker, args=(counter, n, ready, go, ends, w)) for w in range(2)]
        for w in workers:
            w.start()
        ready.acquire(timeout=60)
        ready.acquire(timeout=60)
        start = time.monotonic_ns()
        go.set()
        for w in workers:
            w.join()
        assert counter.value == 2 * n, counter.value
        samples.append(2 * n / ((max(ends) - start) / 1e9))
    return statistics.median(samples)


def shm_write(fresh, runs):
    from multiprocessing import shared_memory
    size = 256 << 20
    data = bytes([7]) * size
    samples = []

    def write(shm):
        t = time.perf_counter()
        shm.buf[:] = data
        return size / 1e9 / (time.perf_counter() - t)

    if fresh:
        for r in range(runs + 1):
            shm = shared_memory.SharedMemory(create=True, size=size)
            try:
                rate = write(shm)
            finally:
                shm.close()
                shm.unlink()
            if r > 0:
                samples.append(rate)
    else:
        shm = shared_memory.SharedMemory(create=True, size=size)
        try:
            write(shm)
            samples = [write(shm) for _ in range(runs)]
        finally:
            shm.close()
            shm.unlink()
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
    elif case == "reduced_dumps_loads":
        print(reduced_dumps_loads(2000 * scale, 7))
    elif case == "lock_pairs":
        print(lock_pairs(1_000_000 if quick else 5_000_000, 3 + 2 * scale))
    elif case == "value_increments":
        print(value_increments(100_000, 1 + 2 * scale))
    elif case == "shm_write":
        print(shm_write(False, 3 + 2 * scale))
    elif case == "shm_write_fresh":
        print(shm_write(True, 1 + 2 * scale))
    else:
        sys.exit("unknown case " + case)


if __name__ == "__main__":
    main()
