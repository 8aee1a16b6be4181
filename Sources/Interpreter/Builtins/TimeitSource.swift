/// `timeit` as courses time a training run (`from timeit import default_timer as timer`) or a
/// snippet (`timeit.timeit(lambda: f(x), number=100)`): `default_timer` is `time.perf_counter`;
/// `timeit`/`repeat` run a callable or a source string, as CPython's do, in a namespace of their
/// own unless `globals=` is given. Written in the Python nnrepl runs.
enum TimeitSource {
    static let module = #"""
import time
default_timer = time.perf_counter

def _runner(stmt, ns, what):
    if callable(stmt):
        return stmt
    if not isinstance(stmt, str):
        raise ValueError(what + " is neither a string nor callable")
    def run():
        exec(stmt, ns)
    return run

def timeit(stmt="pass", setup="pass", timer=default_timer, number=1000000, globals=None):
    ns = {} if globals is None else globals
    _runner(setup, ns, "setup")()
    run = _runner(stmt, ns, "stmt")
    start = timer()
    for _ in range(number):
        run()
    return timer() - start

def repeat(stmt="pass", setup="pass", timer=default_timer, repeat=5, number=1000000, globals=None):
    return [timeit(stmt, setup, timer, number, globals) for _ in range(repeat)]
"""#
}
