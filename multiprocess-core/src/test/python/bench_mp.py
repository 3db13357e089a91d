"""CPython twins of the Java benchmark cases: each prints one median, in the unit of its Java twin.

Usage: python3 bench_mp.py <case> [--quick]
"""
import multiprocessing as mp
import os
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


def _noop_result():
    return 42


def pool2_first_task(method, runs):
    """Pool(2) created and its first apply() served."""
    ctx = mp.get_context(method)
    samples = []
    for r in range(runs + 2):
        t = time.perf_counter()
        pool = ctx.Pool(2)
        assert pool.apply(_noop_result) == 42
        if r >= 2:
            samples.append((time.perf_counter() - t) * 1e3)
        pool.terminate()
        pool.join()
    return statistics.median(samples)


def _cold_once(what):
    """In a fresh interpreter: ms from here to the first forkserver Pool(2)'s first task, or process joined."""
    t = time.perf_counter()
    ctx = mp.get_context("forkserver")
    if what == "pool":
        with ctx.Pool(2) as pool:
            assert pool.apply(_noop_result) == 42
            ms = (time.perf_counter() - t) * 1e3
    else:
        p = ctx.Process(target=noop)
        p.start()
        p.join()
        ms = (time.perf_counter() - t) * 1e3
    print(ms)


def cold_forkserver(what, runs):
    """Median over fresh interpreters (one unmeasured first) of _cold_once."""
    import subprocess
    samples = []
    for r in range(runs + 1):
        out = subprocess.run([sys.executable, os.path.abspath(__file__), "_cold_once_" + what],
                             check=True, capture_output=True, text=True).stdout
        if r > 0:
            samples.append(float(out.strip().splitlines()[-1]))
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


# ---- Pool: warm pools of two workers, the default context (fork), as a Python user gets it.

def pool_rates(pool, fn, items_per_run, warmups, runs):
    """Median of items_per_run / seconds over runs calls of fn(pool), after warmups calls."""
    for _ in range(warmups):
        fn(pool)
    samples = []
    for _ in range(runs):
        t = time.perf_counter()
        fn(pool)
        samples.append(items_per_run / (time.perf_counter() - t))
    return statistics.median(samples)


def pool_map(scale):
    items = list(range(200000))
    with mp.Pool(2) as pool:
        return pool_rates(pool, lambda p: p.map(square, items), len(items), 3, 7 * scale)


def pool_map_lambda_dill(scale):
    import multiprocess
    import dill
    print("pool_map_lambda_dill: multiprocess %s with dill %s on %s (Python %s), context fork"
          % (multiprocess.__version__, dill.__version__, sys.executable, sys.version.split()[0]), file=sys.stderr)
    items = list(range(200000))
    with multiprocess.get_context("fork").Pool(2) as pool:
        return pool_rates(pool, lambda p: p.map(lambda x: x * x, items), len(items), 3, 7 * scale)


def interpreter_with_multiprocess():
    """This interpreter if it can import the dill-based multiprocess, else the first that can."""
    import subprocess
    for exe in (sys.executable, "/usr/bin/python3"):
        if subprocess.run([exe, "-c", "import multiprocess, dill"], capture_output=True).returncode == 0:
            return exe
    return None


def pool_apply_async(scale):
    def run(p):
        results = [p.apply_async(square, (i,)) for i in range(20000)]
        for r in results:
            r.get()
    with mp.Pool(2) as pool:
        return pool_rates(pool, run, 20000, 2, 5 * scale)


def pool_imap(scale):
    def run(p):
        for _ in p.imap(square, range(20000), 1):
            pass
    with mp.Pool(2) as pool:
        return pool_rates(pool, run, 20000, 2, 5 * scale)


def sleep_ms(millis):
    time.sleep(millis / 1000.0)
    return millis


def pool_mixed_durations(scale):
    """One task of 2 s and 200 of 10 ms on a Pool(2) warmed by tiny tasks: ms until all are done."""
    samples = []
    with mp.Pool(2) as pool:
        for _ in range(1 + 2 * scale):
            pool.map(square, range(20000), 1)
            start = time.perf_counter()
            results = [pool.apply_async(sleep_ms, (2000,))]
            results += [pool.apply_async(sleep_ms, (10,)) for _ in range(200)]
            for r in results:
                r.get()
            samples.append((time.perf_counter() - start) * 1000.0)
    return statistics.median(samples)


def work(iterations):
    """About 10 ms of arithmetic once calibrated, as the Java twin's tasks."""
    x = 0
    for i in range(iterations):
        x = (x * 6364136223846793005 + 1442695040888963407) & 0xFFFFFFFFFFFFFFFF
    return x


def calibrate(millis):
    iterations = 20000
    best = min(_timed(work, iterations) for _ in range(7))
    return int(iterations * millis / 1000.0 / best)


def _timed(fn, arg):
    t = time.perf_counter()
    fn(arg)
    return time.perf_counter() - t


def pool_cpu_bound(scale):
    tasks = 2 * 20
    iterations = calibrate(10)
    with mp.Pool(2) as pool:
        samples = []
        for r in range(3 + 3 * scale):
            t = time.perf_counter()
            for res in [pool.apply_async(work, (iterations,)) for _ in range(tasks)]:
                res.get()
            if r >= 3:
                samples.append((time.perf_counter() - t) * 1e3)
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


def _increment_up_to(value, total):
    lock = value.get_lock()
    mine = 0
    while True:
        with lock:
            if value.value >= total:
                return mine
            value.value += 1
        mine += 1


def _contended_worker(counter, total, ready, go, slots, slot):
    ready.release()
    go.wait(60)
    mine = _increment_up_to(counter, total)
    slots[slot] = time.monotonic_ns()
    slots[2 + slot] = mine


def value_contended(total, runs):
    """Two processes increment one Value under its lock until it reaches total: (rates, shares in %)."""
    ctx = mp.get_context("spawn")
    rates, shares = [], []
    for _ in range(runs):
        counter = ctx.Value("q", 0)
        go, ready = ctx.Event(), ctx.Semaphore(0)
        slots = ctx.Array("q", 4, lock=False)
        workers = [ctx.Process(target=_contended_worker, args=(counter, total, ready, go, slots, w)) for w in range(2)]
        for w in workers:
            w.start()
        ready.acquire(timeout=60)
        ready.acquire(timeout=60)
        start = time.monotonic_ns()
        go.set()
        for w in workers:
            w.join()
        assert counter.value == total and slots[2] + slots[3] == total, (counter.value, slots[2], slots[3])
        rates.append(total / ((max(slots[0], slots[1]) - start) / 1e9))
        shares.append(100.0 * min(slots[2], slots[3]) / total)
    print("value_contended: rates %s, shares %s" % (rates, shares), file=sys.stderr)
    return statistics.median(rates), statistics.median(shares)


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


def manager_dict_pairs(pairs, runs):
    """Set + get pairs per second on a Manager().dict() from this (client) process; keys cycle over 1024."""
    keys = ["k%d" % i for i in range(1024)]
    with mp.Manager() as manager:
        d = manager.dict()
        samples = []
        for r in range(runs + 2):
            t = time.perf_counter()
            for i in range(pairs):
                key = keys[i & 1023]
                d[key] = i
                assert d[key] == i
            if r >= 2:
                samples.append(pairs / (time.perf_counter() - t))
        return statistics.median(samples)


def _pss_mib(pid):
    with open("/proc/%d/smaps_rollup" % pid) as f:
        for line in f:
            if line.startswith("Pss:"):
                return int(line.split()[1]) / 1024.0
    raise RuntimeError("no Pss line for %d" % pid)


def idle_worker_pss(method, pools):
    """PSS of the idle workers of warm Pool(2)s (as the Java twin: 10 maps of 200k, 2000 apply_async, 2 s idle)."""
    ctx = mp.get_context(method)
    items = list(range(200000))
    samples = []
    for _ in range(pools):
        with ctx.Pool(2) as pool:
            for _ in range(10):
                pool.map(square, items)
            for r in [pool.apply_async(square, (i,)) for i in range(2000)]:
                r.get()
            time.sleep(2)
            samples += [_pss_mib(w.pid) for w in pool._pool]
    samples.sort()
    print("idle_worker_pss %s: samples (MiB) %s" % (method, ["%.1f" % s for s in samples]), file=sys.stderr)
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
    elif case == "pool2_first_task_spawn":
        print(pool2_first_task("spawn", 5 * scale))
    elif case == "pool2_first_task_forkserver":
        print(pool2_first_task("forkserver", 5 * scale))
    elif case == "cold_forkserver_pool":
        print(cold_forkserver("pool", 2 + scale))
    elif case == "cold_forkserver_process":
        print(cold_forkserver("process", 2 + scale))
    elif case.startswith("_cold_once_"):
        _cold_once(case[len("_cold_once_"):])
    elif case == "tiny_task_round_trip":
        print(tiny_task_round_trip(2000 * scale, 7))
    elif case == "reduced_dumps_loads":
        print(reduced_dumps_loads(2000 * scale, 7))
    elif case == "pool_map":
        print(pool_map(scale))
    elif case == "pool_map_lambda_dill":
        exe = interpreter_with_multiprocess()
        if exe is None:
            sys.exit("the dill-based multiprocess package is missing: apt-get install python3-multiprocess")
        if exe != sys.executable:
            os.execv(exe, [exe] + sys.argv)
        print(pool_map_lambda_dill(scale))
    elif case == "pool_apply_async":
        print(pool_apply_async(scale))
    elif case == "pool_imap":
        print(pool_imap(scale))
    elif case == "pool_mixed_durations":
        print(pool_mixed_durations(scale))
    elif case == "pool_cpu_bound":
        print(pool_cpu_bound(scale))
    elif case == "lock_pairs":
        print(lock_pairs(1_000_000 if quick else 5_000_000, 3 + 2 * scale))
    elif case == "value_increments":
        print(value_increments(100_000, 1 + 2 * scale))
    elif case == "value_contended_rate":
        print(value_contended(2_000_000, scale)[0])
    elif case == "value_contended_share":
        print(value_contended(2_000_000, scale)[1])
    elif case == "shm_write":
        print(shm_write(False, 3 + 2 * scale))
    elif case == "shm_write_fresh":
        print(shm_write(True, 1 + 2 * scale))
    elif case == "queue_small_ints":
        print(queue_small_ints(200_000 * scale, 5))
    elif case == "pipe_round_trip":
        print(pipe_round_trip(2000 * scale, 7))
    elif case == "queue_mib_messages":
        print(mib_messages(True, 200, 5))
    elif case == "pipe_mib_messages":
        print(mib_messages(False, 200, 5))
    elif case == "idle_worker_pss":
        print(idle_worker_pss("spawn", 1 if quick else 3))
    elif case == "manager_dict_pairs":
        print(manager_dict_pairs(10_000 * scale, 5))
    else:
        sys.exit("unknown case " + case)


if __name__ == "__main__":
    main()
