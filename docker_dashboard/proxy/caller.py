"""Who is calling the proxy: the facts a validated Keystone token gives."""
import dataclasses

PROJECT_LABEL = "org.openstack.project-id"
USER_LABEL = "org.openstack.user-id"


@dataclasses.dataclass(frozen=True)
class Caller:
    user_id: str
    project_id: str
    roles: frozenset = frozenset()
    user_name: str = ""
    project_name: str = ""
    # Glance's public endpoint from the token's catalog ("" when it has
    # none): transfers go where Keystone says the caller's Glance is.
    glance_url: str = ""

    @property
    def is_admin(self):
        return "admin" in self.roles

    @property
    def can_write(self):
        # A reader only looks; member (or admin) acts on its project's objects.
        return self.is_admin or "member" in self.roles

    def owner_labels(self):
        """The labels that mark an object as this caller's project's."""
        return {PROJECT_LABEL: self.project_id, USER_LABEL: self.user_id}
