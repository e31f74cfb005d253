from django.contrib import messages as django_messages
from django.urls import reverse
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from horizon import exceptions
from horizon import forms
from horizon import tables
from horizon import tabs
from horizon import views as horizon_views
from horizon.utils import functions as utils
from horizon.utils import memoized
from horizon import workflows
from openstack_dashboard import policy

from docker_dashboard.api import docker_proxy
from docker_dashboard.api import exceptions as dd_exceptions
from docker_dashboard.panels.containers import forms as containers_forms
from docker_dashboard.panels import paging
from docker_dashboard.panels.containers import long_changes
from docker_dashboard.panels.containers import tables as containers_tables
from docker_dashboard.panels.containers import tabs as containers_tabs
from docker_dashboard.panels.containers import hosts
from docker_dashboard.panels.containers import workflows as launch
from docker_dashboard.api.wrappers import Container

INDEX_URL = "horizon:project:docker_containers:index"


class IndexView(paging.MarkerPagedMixin, tables.DataTableView):
    table_class = containers_tables.ContainersTable
    template_name = 'docker_dashboard/containers/index.html'
    page_title = _("Containers")
    # The Admin panel's view (panels/admin/containers) lists every project's.
    all_projects = False

    def docker_filters(self):
        """The filter box's value as Docker's own `filters` (Docker filters
        the list; the proxy adds the project label to it)."""
        filters = self.get_filters()
        return {key: [value] for key, value in filters.items() if value}

    def get_data(self):
        marker, prev_marker = self.page_markers()
        try:
            try:
                rows = self._list_page(marker, prev_marker)
            except dd_exceptions.NotFound:
                # The marker's container was deleted meanwhile: start over.
                marker = prev_marker = None
                rows = self._list_page(None, None)
        except Exception as exc:
            # The proxy's own words tell the user what is wrong (down, or
            # refused); Horizon shows them as an error message, not a 500.
            exceptions.handle(self.request,
                              _("Unable to retrieve containers: %s")
                              % getattr(exc, 'message', exc))
            return []
        hosts.warn_unlisted(self.request,
                            getattr(rows, "unavailable_hosts", ()))
        page, self._prev, self._more = paging.page_of(
            rows, self.page_size, marker, prev_marker)
        return long_changes.show(self.request, page)

    @property
    def page_size(self):
        return utils.get_page_size(self.request)

    def _list_page(self, marker, prev_marker):
        """One label-filtered list call carrying this page's rows."""
        extra, limit = paging.list_arguments(self.page_size, marker,
                                             prev_marker)
        filters = dict(self.docker_filters(), **extra)
        # Only the Admin panel's call names all_projects.
        every = {"all_projects": True} if self.all_projects else {}
        return docker_proxy.container_list(self.request,
                                           filters=filters or None,
                                           limit=limit, **every)


class PolicyRequiredMixin(object):
    """Refuses the view itself to a role its action is hidden from (a reader
    following a link); the proxy enforces the same rule on the request."""
    policy_rules = ()

    def dispatch(self, request, *args, **kwargs):
        if self.policy_rules and not policy.check(self.policy_rules, request):
            raise exceptions.NotAuthorized(
                _("You are not allowed to do this in this project."))
        return super().dispatch(request, *args, **kwargs)


class LaunchView(PolicyRequiredMixin, horizon_views.PageTitleMixin,
                 workflows.WorkflowView):
    """Opened as Horizon's modal from the panel and the Images panel; as a
    page (a bookmark) it carries its title into the breadcrumb."""
    workflow_class = launch.LaunchContainer
    page_title = _("Launch Container")
    policy_rules = (("docker", "docker:container:create"),)

    def get_workflow(self):
        self.workflow = super().get_workflow()
        return self.workflow

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        workflow = getattr(self, "workflow", None)
        if workflow is not None and workflow.pending:
            # The image is still to be fetched: nothing has succeeded yet.
            # The pending page says what happens, and a failed pull is not
            # shown beside a green "Success" (issue 10, finding 9).
            drop_queued_message(request, workflow.format_status_message(
                workflow.success_message))
        return response

    def get_initial(self):
        # The Images panel's and a snapshot's Launch links name the image
        # (`?image=busybox:latest`); the Details step preselects it.
        initial = super().get_initial()
        image = self.request.GET.get("image", "").strip()
        if image:
            initial["image"] = image
        return initial


def drop_queued_message(request, text):
    """Takes back a message queued during this request (Horizon keeps an
    ajax request's messages apart from Django's)."""
    text = str(text)
    queue = getattr(request, "horizon", {}).get("async_messages")
    if queue:
        queue[:] = [m for m in queue if m[1] != text]
    stored = django_messages.get_messages(request)
    stored._queued_messages = [m for m in stored._queued_messages
                               if str(m.message) != text]


@memoized.memoized
def _get_container(request, container_id, index_url=INDEX_URL):
    try:
        return docker_proxy.container_get(request, container_id)
    except dd_exceptions.NotFound:
        # Deleted meanwhile, or another project's: an everyday answer, back
        # to the list with a message, and no traceback in the log.
        exceptions.handle(request, _("Unable to retrieve the container."),
                          redirect=reverse(index_url), log_level="info")
    except Exception:
        exceptions.handle(request, _("Unable to retrieve the container."),
                          redirect=reverse(index_url))


class DetailView(tabs.TabView):
    tab_group_class = containers_tabs.ContainerDetailTabs
    template_name = 'horizon/common/_detail.html'
    page_title = "{{ container.name }}"
    # Where "back" and a vanished container lead, and whose actions the
    # page offers (the Admin panel has its own).
    index_url = INDEX_URL
    table_class = containers_tables.ContainersTable

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        container = self.get_data()
        table = self.table_class(self.request)
        context["container"] = container
        context["url"] = reverse(self.index_url)
        context["actions"] = table.render_row_actions(
            self.actions_row(container))
        return context

    def actions_row(self, container):
        """The table row whose actions the page offers."""
        return Container.from_inspect(container)

    def get_data(self):
        return _get_container(self.request, self.kwargs["container_id"],
                              self.index_url)

    def get_tabs(self, request, *args, **kwargs):
        return self.tab_group_class(request, container=self.get_data(),
                                    **kwargs)


class ContainerFormView(PolicyRequiredMixin, forms.ModalFormView):
    """A modal form about one container; subclasses name form and title."""
    template_name = 'docker_dashboard/containers/form.html'
    success_url = reverse_lazy(INDEX_URL)
    submit_url_name = None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["submit_url"] = reverse(self.submit_url_name,
                                        args=[self.kwargs["container_id"]])
        context["container"] = self.get_container()
        return context

    def get_container(self):
        return _get_container(self.request, self.kwargs["container_id"])

    def get_initial(self):
        return {"container_id": self.kwargs["container_id"]}


class StopView(ContainerFormView):
    policy_rules = (("docker", "docker:container:stop"),)
    form_class = containers_forms.StopForm
    # A context of its own: the table's action says it with a plural
    # (ngettext), and a catalog holds one entry per msgid.
    page_title = pgettext_lazy("Title of the form", "Stop Container")
    submit_label = _("Stop")
    submit_url_name = "horizon:project:docker_containers:stop"


class KillView(ContainerFormView):
    policy_rules = (("docker", "docker:container:kill"),)
    form_class = containers_forms.KillForm
    page_title = _("Send a Signal")
    submit_label = _("Send Signal")
    submit_url_name = "horizon:project:docker_containers:kill"


class RenameView(ContainerFormView):
    policy_rules = (("docker", "docker:container:rename"),)
    form_class = containers_forms.RenameForm
    page_title = _("Rename Container")
    submit_label = _("Rename")
    submit_url_name = "horizon:project:docker_containers:rename"

    def get_initial(self):
        initial = super().get_initial()
        initial["name"] = self.get_container().name
        return initial


class UpdateLimitsView(ContainerFormView):
    policy_rules = (("docker", "docker:container:update"),)
    form_class = containers_forms.UpdateLimitsForm
    page_title = _("Update Limits")
    submit_label = _("Update")
    submit_url_name = "horizon:project:docker_containers:update"

    def get_initial(self):
        initial = super().get_initial()
        container = self.get_container()
        initial.update(vcpus=container.vcpus, memory_mb=container.memory_mb)
        return initial
