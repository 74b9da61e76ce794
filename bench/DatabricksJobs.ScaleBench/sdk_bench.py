"""The Python SDK's side of bench/DatabricksJobs.ScaleBench: one scenario per process, against the workspace in
DATABRICKS_HOST / DATABRICKS_TOKEN, written as a user of the SDK would write it.

    python3 sdk_bench.py <scenario> '<json arguments>'
    python3 sdk_bench.py cold

Before each phase the script prints `step <name>` and waits for a line on standard input, so that the benchmark
can count each phase's requests alone (it clears the emulator's counter in between). It ends with one line,
`result <json>`: the seconds of each phase, measured here, and what the scenario reports besides.
Only the standard library is imported before the SDK, so that `cold` times the SDK's import and not this file's.
"""
import json
import sys
import time


def step(name):
    print(f"step {name}", flush=True)
    if sys.stdin.readline().strip() != "go":
        sys.exit("the benchmark did not answer go")


def now_ms():
    return time.time() * 1000.0


def client():
    from databricks.sdk import WorkspaceClient

    return WorkspaceClient()


def wait_all(waiters, threaded, on_result):
    """Waits for every waiter: one thread each (how a script waits on many runs at once), or one after another."""
    if not threaded:
        return [on_result(w.result()) for w in waiters]
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=len(waiters)) as pool:
        return list(pool.map(lambda w: on_result(w.result()), waiters))


def scenario_wait(args):
    """(a) run-now of each job, then wait for every run; when each waiter returned against the run's end_time."""
    w = client()
    step("start")
    t = time.perf_counter()
    waiters = [w.jobs.run_now(job_id) for job_id in args["job_ids"]]
    start = time.perf_counter() - t
    step("wait")
    t = time.perf_counter()
    notices = wait_all(waiters, args["threaded"], lambda run: now_ms() - run.end_time)
    return {"seconds": {"start": start, "wait": time.perf_counter() - t}, "notice_ms": notices}


def scenario_workflow(args):
    """(b) start the runs, wait for all of them, read each task's output."""
    w = client()
    w.jobs.get(args["job_id"])  # the connection made, as the other columns' is
    step("workflow")
    t = time.perf_counter()
    waiters = [w.jobs.run_now(args["job_id"]) for _ in range(args["runs"])]
    outputs = wait_all(waiters, args["threaded"], lambda run: [w.jobs.get_run_output(task.run_id) for task in run.tasks])
    count = sum(len(o) for o in outputs)
    return {"seconds": {"workflow": time.perf_counter() - t}, "outputs": count}


def scenario_reads(args):
    """(c) one get_run per run id, one after another."""
    w = client()
    ids = args["run_ids"]
    w.jobs.get_run(ids[0])
    step("reads")
    t = time.perf_counter()
    for run_id in ids:
        w.jobs.get_run(run_id)
    return {"seconds": {"reads": time.perf_counter() - t}, "items": len(ids)}


def scenario_list(args):
    """(c) every job, or every run, through the SDK's iterator (its default page size, as a user calls it)."""
    w = client()
    listing = w.jobs.list if args["what"] == "jobs" else w.jobs.list_runs
    next(iter(listing(limit=1)))
    step("list")
    t = time.perf_counter()
    count = sum(1 for _ in listing())
    return {"seconds": {"list": time.perf_counter() - t}, "items": count}


def scenario_raw(args):
    """(c) the Python floor, to read the SDK's ratio against: one requests.Session, GET, response.json(); pages of
    100 jobs / 25 runs, as the raw loops in C# ask."""
    import os

    import requests

    session = requests.Session()
    session.headers["Authorization"] = "Bearer " + os.environ["DATABRICKS_TOKEN"]
    host = os.environ["DATABRICKS_HOST"].rstrip("/")

    def get(path, **params):
        response = session.get(host + path, params=params)
        response.raise_for_status()
        return response.json()

    def listing(path, field, limit):
        count, token = 0, None
        while True:
            page = get(path, limit=limit, **({"page_token": token} if token else {}))
            count += len(page.get(field, []))
            token = page.get("next_page_token")
            if not token:
                return count

    what = args["what"]
    if what == "reads":
        ids = args["run_ids"]
        work = lambda: [get("/api/2.2/jobs/runs/get", run_id=i) for i in ids] and len(ids)
    elif what == "jobs":
        work = lambda: listing("/api/2.2/jobs/list", "jobs", 100)
    else:
        work = lambda: listing("/api/2.2/jobs/runs/list", "runs", 25)
    get("/api/2.2/jobs/list", limit=1)
    step("raw")
    t = time.perf_counter()
    count = work()
    return {"seconds": {"raw": time.perf_counter() - t}, "items": count}


def cold():
    """(d) in a new process: import the SDK, make a client, list the jobs (milliseconds of each)."""
    t = time.perf_counter()
    import databricks.sdk

    imported = time.perf_counter()
    w = databricks.sdk.WorkspaceClient()
    made = time.perf_counter()
    list(w.jobs.list())
    listed = time.perf_counter()
    return {"import": (imported - t) * 1000, "client": (made - imported) * 1000, "first_list": (listed - made) * 1000}


if __name__ == "__main__":
    if sys.argv[1] == "cold":
        print("result " + json.dumps(cold()), flush=True)
        sys.exit(0)
    scenarios = {
        "wait": scenario_wait,
        "workflow": scenario_workflow,
        "reads": scenario_reads,
        "list": scenario_list,
        "raw": scenario_raw,
    }
    result = scenarios[sys.argv[1]](json.loads(sys.argv[2]))
    print("result " + json.dumps(result), flush=True)
