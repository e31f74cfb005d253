"""Launch Container: a Horizon workflow, one step per concern.

Each field is checked where it is typed (its message shows next to it); a
refusal from the proxy is put back next to the field it names, or on the
workflow when it names none.
"""
import functools

from django import forms as django_forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from horizon import exceptions
from horizon import forms
from horizon import workflows
from openstack_dashboard.api import base
from openstack_dashboard.api import nova

from docker_dashboard.api import docker_proxy
from docker_dashboard.api import exceptions as dd_exceptions
from docker_dashboard.api.wrappers import DockerHosts
from docker_dashboard.panels import image_fields
from docker_dashboard.panels.containers import error_sentences
from docker_dashboard.panels.containers import hosts
from docker_dashboard.panels.containers import launch_sources
from docker_dashboard.panels.containers import launch_spec
from docker_dashboard.panels.containers import quota_usage
from docker_dashboard.panels.containers import refusals
from docker_dashboard.panels.containers import units

NAME_PATTERN = r"^[a-zA-Z0-9][a-zA-Z0-9_.-]+$"


def _fetched_once(fetch):
    """A field's choices read only when something iterates them, and then
    once: a launch POST that validates and redirects never lists what only
    the form's rendering shows."""
    return functools.lru_cache(maxsize=1)(fetch)


def _rendering(request):
    """True for the GET that shows the form. A POST only re-renders it when
    a field is wrong, so what serves only the page is fetched then, lazily;
    on GET it is fetched up front, so a failure's message shows with the
    form as before."""
    return request.method != "POST"


def _parsed(parser, text, *args):
    try:
        return parser(text, *args)
    except ValueError as exc:
        raise django_forms.ValidationError(str(exc))


class DetailsAction(workflows.Action):
    source = forms.ThemableChoiceField(
        label=_("Image Source"), required=False,
        choices=launch_sources.SOURCE_CHOICES,
        widget=forms.ThemableSelectWidget(attrs={
            "class": "switchable", "data-slug": "source"}))
    image = forms.ThemableChoiceField(
        label=_("Image"), required=False,
        widget=forms.ThemableSelectWidget(attrs={
            "class": "switched", "data-switch-on": "source",
            "data-source-image": _("Image")}))
    glance_image = forms.ThemableChoiceField(
        label=_("Glance Image"), required=False,
        help_text=_("Loaded into Docker first; the page shows the "
                    "progress."),
        widget=forms.ThemableSelectWidget(attrs={
            "class": "switched", "data-switch-on": "source",
            "data-source-glance": _("Glance Image")}))
    registry_ref = forms.CharField(
        label=_("Registry Reference"), required=False, max_length=255,
        help_text=_("Pulled first, such as 127.0.0.1:5005/app:1.0"),
        widget=forms.TextInput(attrs={
            "class": "switched", "data-switch-on": "source",
            "data-source-registry": _("Registry Reference")}))
    name = forms.RegexField(
        label=_("Container Name"), required=False, max_length=128,
        regex=NAME_PATTERN,
        error_messages={"invalid": _("Use letters, digits, '_', '.' and '-', "
                                     "starting with a letter or digit.")},
        help_text=_("Docker picks a name when left empty."))
    command = forms.CharField(label=_("Command"), required=False,
                              help_text=_("For example: sleep 3600"))
    entrypoint = forms.CharField(label=_("Entrypoint"), required=False)
    working_dir = forms.CharField(label=_("Working Directory"),
                                  required=False)
    tty = forms.BooleanField(label=_("Allocate a terminal (TTY)"),
                             required=False)

    class Meta(object):
        name = _("Details")
        slug = "details"
        help_text = _("Choose one of your project's images or a public "
                      "one, a docker image from Glance, or an image in a "
                      "registry, and what the container runs.")

    def populate_image_choices(self, request, context):
        try:
            images = docker_proxy.image_list(request)
        except Exception:
            exceptions.handle(request, _("Unable to retrieve images."))
            images = []
        tags = sorted({tag for image in images for tag in image.tags})
        # An image asked for by the Images panel's or a snapshot's Launch
        # link stays choosable even when the list could not be read.
        wanted = context.get("image")
        if wanted and wanted not in tags:
            tags.append(wanted)
        if not tags:
            return [("", _("No images available"))]
        return [("", _("Select an image"))] + [(t, t) for t in tags]

    def populate_glance_image_choices(self, request, context):
        # An empty choice is valid without the list, so launching from a
        # Docker image never asks Glance.
        return _fetched_once(lambda: self._glance_image_choices(request))

    @staticmethod
    def _glance_image_choices(request):
        images = launch_sources.glance_choices(request)
        if not images:
            return [("", _("No docker images in Glance"))]
        return [("", _("Select a Glance image"))] + images

    def clean_registry_ref(self):
        text = self.cleaned_data.get("registry_ref", "").strip()
        if not text:
            return None
        return "%s:%s" % image_fields.clean_reference(text)

    def clean(self):
        data = super().clean()
        source = data.get("source") or launch_sources.DOCKER
        data["source"] = source
        field = launch_sources.FIELD_OF_SOURCE[source]
        if not data.get(field) and field not in self.errors:
            self.add_error(field, launch_sources.MISSING[source])
        return data

    def clean_working_dir(self):
        path = self.cleaned_data.get("working_dir", "").strip()
        if path and not path.startswith("/"):
            raise django_forms.ValidationError(
                _("The working directory is an absolute path."))
        return path

    def clean_command(self):
        return _parsed(launch_spec.split_command,
                       self.cleaned_data.get("command"))

    def clean_entrypoint(self):
        return _parsed(launch_spec.split_command,
                       self.cleaned_data.get("entrypoint"))


class SetDetails(workflows.Step):
    action_class = DetailsAction
    contributes = ("source", "image", "glance_image", "registry_ref", "name",
                   "command", "entrypoint", "working_dir", "tty")


CUSTOM = "custom"
# Where the container runs: the zone (anyone) and the host (admins).
WHERE_FIELDS = ("availability_zone", "docker_host")


def _switched_on_custom(label):
    return {"class": "switched", "data-switch-on": "flavor",
            "data-flavor-%s" % CUSTOM: label}


class ResourcesAction(workflows.Action):
    """A Nova flavor where the cloud has compute (the default), or the CPU
    and memory typed in; without compute only the typed fields."""
    flavor = forms.ThemableChoiceField(
        label=_("Flavor"), required=False,
        widget=forms.ThemableSelectWidget(attrs={
            "class": "switchable", "data-slug": "flavor"}))
    vcpus = forms.FloatField(
        label=_("CPUs"), required=False, min_value=0.01, max_value=64,
        help_text=_("Such as 0.5 for half a CPU."),
        widget=forms.NumberInput(attrs=dict(_switched_on_custom(_("CPUs")),
                                            step="0.01")))
    memory_mb = forms.IntegerField(
        label=_("Memory (MiB)"), required=False, min_value=6,
        help_text=_("1024 MiB is 1 GiB."),
        widget=forms.NumberInput(attrs=_switched_on_custom(
            _("Memory (MiB)"))))
    availability_zone = forms.ThemableChoiceField(
        label=_("Availability Zone"), required=False,
        help_text=_("Any zone lets the cloud choose a host with room."))
    docker_host = forms.ThemableChoiceField(
        label=_("Docker Host"), required=False,
        help_text=_("Admins only: runs the container on this host."))

    class Meta(object):
        name = _("Resources")
        slug = "resources"

    def __init__(self, request, context, *args, **kwargs):
        super().__init__(request, context, *args, **kwargs)
        self._where_fields(request)
        self.use_flavors = base.is_service_enabled(request, "compute")
        self.flavors = {}
        self._limits = None
        if self.use_flavors:
            self.fields["flavor"].required = True
            self._load_flavors(request)
        else:
            del self.fields["flavor"]
            for name in ("vcpus", "memory_mb"):
                field = self.fields[name]
                field.required = True
                field.widget.attrs.pop("data-switch-on")
                field.widget.attrs["class"] = ""

    def _load_flavors(self, request):
        try:
            self.flavors = {f.id: f for f in nova.flavor_list(request)}
        except Exception:
            exceptions.handle(request, _("Unable to retrieve flavors."))
        if _rendering(request):
            self._limits = self._load_limits(request)
        ordered = sorted(self.flavors.values(), key=lambda f: (f.vcpus, f.ram))
        self.fields["flavor"].choices = [("", _("Select a flavor"))] + [
            (f.id, "%s (%s vCPU, %s RAM)" % (f.name, f.vcpus,
                                             units.memory_text(f.ram)))
            for f in ordered] + [
            (CUSTOM, _("Custom: set the CPUs and memory below"))]

    def _where_fields(self, request):
        """The zone choice when the cloud has zones, and for an admin the
        host choice. The form's GET asks the proxy now and leaves out what
        it has none of (a single-host cloud shows neither); a POST carries
        the fields that form showed, so it keeps those and asks only when
        a choice is to be checked or the form shown again."""
        if not hosts.shown_to(request):
            del self.fields["docker_host"]
        zone, host = (self.fields.get(n) for n in WHERE_FIELDS)
        answer = _fetched_once(lambda: _docker_hosts(request))
        zone.choices = _fetched_once(
            lambda: hosts.zone_choices(answer()))
        if host is not None:
            host.choices = _fetched_once(
                lambda: hosts.host_choices(answer()))
        if _rendering(request):
            if not answer().availability_zones:
                del self.fields["availability_zone"]
            if host is not None and not answer().hosts:
                del self.fields["docker_host"]
        else:
            for name in WHERE_FIELDS:
                if name in self.fields and name not in self.data:
                    del self.fields[name]

    @staticmethod
    def _load_limits(request):
        try:
            return nova.tenant_absolute_limits(request)
        except Exception:
            exceptions.handle(request, _("Unable to retrieve limits."))
            return {}

    @property
    def limits(self):
        """The project's compute limits, shown in the help text only: a
        launch POST that succeeds never reads them."""
        if self._limits is None:
            self._limits = (self._load_limits(self.request)
                            if self.use_flavors else {})
        return self._limits

    def get_help_text(self, extra_context=None):
        text = _("A flavor's vCPUs become the container's CPU limit and its "
                 "RAM its memory limit; choose Custom to set them "
                 "yourself.") if self.use_flavors else \
            _("The container's CPU and memory limits.")
        lines = [str(text)]
        if self.limits:
            lines.append(str(_("Your project's compute limits: %(cores)s "
                               "vCPUs (%(cores_used)s used), %(ram)s RAM "
                               "(%(ram_used)s used).")) % {
                "cores": self.limits.get("maxTotalCores", "-"),
                "cores_used": self.limits.get("totalCoresUsed", 0),
                "ram": units.memory_text(
                    self.limits.get("maxTotalRAMSize")) or "-",
                "ram_used": units.memory_text(
                    self.limits.get("totalRAMUsed")) or "0 MiB"})
        # The project's Docker quotas and usage, as Nova's launch dialog
        # shows the compute ones.
        return "".join("<p>%s</p>" % _escape(line) for line in lines) + \
            quota_usage.summary(self.request)

    def clean(self):
        data = super().clean()
        choice = data.get("flavor") if self.use_flavors else None
        if choice == CUSTOM:
            for name in ("vcpus", "memory_mb"):
                if data.get(name) is None and name not in self.errors:
                    self.add_error(name, _("Set this for a custom size."))
        elif choice:
            flavor = self.flavors.get(choice)
            if flavor is None:
                self.add_error("flavor", _("This flavor is not available."))
            else:
                data["vcpus"] = float(flavor.vcpus)
                data["memory_mb"] = int(flavor.ram)
        return data


def _escape(text):
    from django.utils.html import escape
    return escape(text)


def _docker_hosts(request):
    try:
        return docker_proxy.docker_hosts(request)
    except Exception:
        exceptions.handle(request,
                          _("Unable to retrieve availability zones."))
        return DockerHosts()


class SetResources(workflows.Step):
    action_class = ResourcesAction
    contributes = ("flavor", "vcpus", "memory_mb") + WHERE_FIELDS


class NetworkAction(workflows.Action):
    ports = forms.CharField(
        label=_("Published Ports"), required=False,
        widget=forms.Textarea(attrs={"rows": 3, "data-dd-rows": "ports",
                                     "data-dd-add": _("Add port")}),
        help_text=_("In Docker's order, host port then container port: "
                    "8080:80 publishes the container's port 80 on the "
                    "host's port 8080; 80 alone on a free host port; "
                    "53:53/udp for UDP. Host ports start at 1024."))

    class Meta(object):
        name = _("Network")
        slug = "network"

    def clean_ports(self):
        return _parsed(launch_spec.parse_ports, self.cleaned_data["ports"])


class SetNetwork(workflows.Step):
    action_class = NetworkAction
    contributes = ("ports",)


class VolumesAction(workflows.Action):
    volumes = forms.CharField(
        label=_("Volumes"), required=False,
        widget=forms.Textarea(attrs={"rows": 3, "data-dd-rows": "volumes",
                                     "data-dd-add": _("Add volume")}),
        help_text=_("A volume's name and the path it is mounted at in the "
                    "container. A name that does not exist yet is created "
                    "as a new volume."))

    class Meta(object):
        name = _("Volumes")
        slug = "volumes"

    def __init__(self, request, context, *args, **kwargs):
        super().__init__(request, context, *args, **kwargs)
        if _rendering(request):
            self.existing  # listed up front, as the page shows them

    @functools.cached_property
    def existing(self):
        """The project's volume names: for the help text, and to tell new
        volumes from existing ones when the launch names any."""
        try:
            return [v.name for v in docker_proxy.volume_list(self.request)]
        except Exception:
            exceptions.handle(self.request,
                              _("Unable to retrieve volumes."))
            return []

    def get_help_text(self, extra_context=None):
        if not self.existing:
            return _("Your project has no volumes yet; name one to create "
                     "it.")
        return "<p>%s</p>" % _escape(
            _("Your project's volumes: %s") % ", ".join(sorted(self.existing)))

    def clean_volumes(self):
        volumes = _parsed(launch_spec.parse_volumes,
                          self.cleaned_data["volumes"])
        paths = [path for _name, path in volumes]
        if len(set(paths)) != len(paths):
            raise django_forms.ValidationError(
                _("Each path in the container takes one volume."))
        return volumes

    def clean(self):
        data = super().clean()
        volumes = data.get("volumes") or []
        data["new_volumes"] = sorted({name for name, _p in volumes
                                      if name not in self.existing})
        return data


class SetVolumes(workflows.Step):
    action_class = VolumesAction
    contributes = ("volumes", "new_volumes")


class EnvironmentAction(workflows.Action):
    environment = forms.CharField(
        label=_("Environment Variables"), required=False,
        widget=forms.Textarea(attrs={"rows": 4, "data-dd-rows": "pairs",
                                     "data-dd-add": _("Add variable")}),
        help_text=_("A name and its value, such as GREETING and hello."))
    labels = forms.CharField(
        label=_("Labels"), required=False,
        widget=forms.Textarea(attrs={"rows": 3, "data-dd-rows": "pairs",
                                     "data-dd-add": _("Add label")}),
        help_text=_("A key and its value, such as tier and web. The "
                    "project's labels are set by the service."))

    class Meta(object):
        name = _("Environment")
        slug = "environment"

    def clean_environment(self):
        return _parsed(launch_spec.parse_pairs,
                       self.cleaned_data["environment"], "variable")

    def clean_labels(self):
        labels = _parsed(launch_spec.parse_pairs, self.cleaned_data["labels"],
                         "label")
        reserved = [k for k in labels if k.startswith("org.openstack.")]
        if reserved:
            raise django_forms.ValidationError(
                _("Labels under org.openstack. are set by the service: %s")
                % ", ".join(reserved))
        return labels


class SetEnvironment(workflows.Step):
    action_class = EnvironmentAction
    contributes = ("environment", "labels")


class BehaviourAction(workflows.Action):
    restart_policy = forms.ThemableChoiceField(
        label=_("Restart Policy"),
        choices=[("no", _("Never restart")),
                 ("on-failure", _("On failure")),
                 ("unless-stopped", _("Unless stopped")),
                 ("always", _("Always"))])
    max_retries = forms.IntegerField(
        label=_("Maximum Retries"), required=False, min_value=0,
        max_value=100, help_text=_("Only for 'On failure'; 0 is unlimited."))
    start = forms.BooleanField(label=_("Start after create"), required=False,
                               initial=True)

    class Meta(object):
        name = _("Behaviour")
        slug = "behaviour"


class SetBehaviour(workflows.Step):
    action_class = BehaviourAction
    contributes = ("restart_policy", "max_retries", "start")


class LaunchContainer(workflows.Workflow):
    slug = "launch_container"
    name = _("Launch Container")
    finalize_button_name = _("Launch")
    success_message = _('Launched container "%s".')
    failure_message = _('Unable to launch container "%s".')
    success_url = "horizon:project:docker_containers:index"
    default_steps = (SetDetails, SetResources, SetNetwork, SetVolumes,
                     SetEnvironment, SetBehaviour)

    # The pending launch's key when the image is fetched first.
    pending = None

    def format_status_message(self, message):
        return message % (self.context.get("name") or _("(unnamed)"))

    def spec(self):
        c = self.context
        return launch_spec.LaunchSpec(
            image=c.get("image") or "", name=c.get("name") or None,
            command=c.get("command"), entrypoint=c.get("entrypoint"),
            working_dir=c.get("working_dir") or None, tty=c.get("tty", False),
            vcpus=c.get("vcpus"), memory_mb=c.get("memory_mb"),
            ports=c.get("ports") or [], mounts=c.get("volumes") or [],
            new_volumes=c.get("new_volumes") or [],
            environment=c.get("environment") or {},
            labels=hosts.where_labels(c.get("labels") or {},
                                      zone=c.get("availability_zone"),
                                      host=c.get("docker_host")),
            restart_policy=c.get("restart_policy") or "no",
            max_retries=c.get("max_retries") or 0)

    def handle(self, request, context):
        source = context.get("source") or launch_sources.DOCKER
        try:
            if source == launch_sources.DOCKER:
                docker_proxy.container_create(request, self.spec(),
                                              start=context.get("start", True))
                return True
            self._start_pending(request, context, source)
        except dd_exceptions.ProxyRefused as refusal:
            # Back to the form with the proxy's words where they belong;
            # WorkflowView re-renders on ValidationError.
            if source == launch_sources.DOCKER:
                refusals.attach_to_workflow(self, refusal)
            else:
                # Refused before any create: about the chosen source.
                step = self.get_step("details")
                step.action.add_error(
                    launch_sources.FIELD_OF_SOURCE[source],
                    error_sentences.explain(refusal.message))
                step.has_errors = True
            raise django_forms.ValidationError(refusal.message)
        return True

    def _start_pending(self, request, context, source):
        """The image has to be loaded or pulled first: the pending page
        shows that and then creates the container."""
        chosen = context[launch_sources.FIELD_OF_SOURCE[source]]
        key = launch_sources.start(request, source, chosen, self.spec(),
                                   context.get("start", True))
        self.pending = key
        self.success_url = reverse(
            "horizon:project:docker_containers:launch_pending", args=[key])
