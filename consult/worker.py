"""What RQ workers run: each queued job, in the app (`flask --app consult jobs worker`) or in one built here (a
plain `rq worker` process, from the environment)."""

from flask import has_app_context

from consult import jobs

_app = None


def run_job(path, *args):
    """Run one queued job inside an app context."""
    global _app
    if has_app_context():
        return jobs.run_job(path, *args)
    if _app is None:
        from consult import create_app

        _app = create_app()
    with _app.app_context():
        return jobs.run_job(path, *args)
