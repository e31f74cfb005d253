"""Admin -> Docker -> Quotas: every project with its Docker limits (the
default, or the project's own) and usage; Update Quotas sets a project's
own limits."""
import concurrent.futures

from django.urls import reverse
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from horizon import exceptions
from horizon import forms
from horizon import messages
from horizon import tables

from docker_dashboard.api import docker_quotas
from docker_dashboard.api import keystone_projects
from docker_dashboard.panels.admin.quotas import forms as quota_forms
from docker_dashboard.panels.admin.quotas import tables as quota_tables

TEMPLATES = "docker_dashboard/admin_quotas/"
INDEX = "horizon:admin:docker_quotas:index"
# Projects asked of the proxy at once (one `GET /dd/quotas` each).
PARALLEL = 8


class ProjectRow(object):
    def __init__(self, project_id, name, quotas):
        self.id = project_id
        self.name = name
        self.quotas = quotas


class IndexView(tables.DataTableView):
    table_class = quota_tables.QuotasTable
    template_name = TEMPLATES + "index.html"
    page_title = _("Docker Quotas")

    def get_data(self):
        request = self.request
        try:
            names = keystone_projects.project_names(request)
        except Exception:
            exceptions.handle(request, _("Unable to retrieve projects."))
            return []

        def quotas_of(project_id):
            try:
                return docker_quotas.quotas_get(request, project_id)
            except Exception:
                return None
        ids = sorted(names, key=lambda pid: (names[pid].lower(), pid))
        with concurrent.futures.ThreadPoolExecutor(PARALLEL) as pool:
            quotas = list(pool.map(quotas_of, ids))
        if ids and all(q is None for q in quotas):
            messages.error(request, _("Unable to retrieve the quotas."))
        return [ProjectRow(pid, names[pid], q) for pid, q in zip(ids, quotas)]


class UpdateView(forms.ModalFormView):
    form_class = quota_forms.UpdateQuotasForm
    template_name = TEMPLATES + "update.html"
    modal_id = "update_docker_quotas_modal"
    submit_label = _("Save")
    submit_url = "horizon:admin:docker_quotas:update"
    success_url = reverse_lazy(INDEX)
    page_title = _("Update Quotas")

    def _quotas(self):
        if not hasattr(self, "_loaded"):
            try:
                self._loaded = docker_quotas.quotas_get(
                    self.request, self.kwargs["project_id"])
            except Exception:
                exceptions.handle(self.request,
                                  _("Unable to retrieve the quotas."),
                                  redirect=reverse(INDEX))
        return self._loaded

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        quotas = self._quotas()
        kwargs["defaults"] = {}
        for resource, field in docker_quotas.FIELDS:
            row = quotas.get(resource)
            if row is not None and row.default:
                kwargs["defaults"][field] = row.limit
        return kwargs

    def get_initial(self):
        initial = {"project_id": self.kwargs["project_id"]}
        for resource, field in docker_quotas.FIELDS:
            row = self._quotas().get(resource)
            # The project's own limit; empty when the default applies.
            if row is not None and not row.default:
                initial[field] = row.limit
        return initial

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["submit_url"] = reverse(self.submit_url,
                                        args=[self.kwargs["project_id"]])
        context["project_id"] = self.kwargs["project_id"]
        return context
