"""Background tasks of the documents app (django-tasks): load by id, call a service.

``build_dossier`` may run twice for a job (a lost acknowledgement, a job put back in
the queue by ``recover_stale_jobs``): the service claims the job by a
compare-and-swap, so a second run does nothing."""

from django_tasks import task

from thidua.documents import services


@task()
def build_dossier(job_id: int) -> str:
    return services.run_dossier_job(job_id=job_id)
