"""gunicorn's settings for Consult, read from the working directory (`make serve`, the README's production command).

Only what the command line leaves out: workers, worker class and address are given there.
"""

import gc


def post_worker_init(worker):
    """Once a worker has loaded the app, move every object made so far out of the garbage collector's sight.

    The app's modules (Flask, SQLAlchemy, scikit-learn, NumPy…) leave some hundreds of thousands of objects that
    live as long as the worker, and every full collection would walk them all again; a request's own objects
    are still collected as usual. bench/submit.py: a third less worker CPU per opinion sent (docs/benchmarks.md).
    """
    gc.freeze()
