"""Docker's flat list of filesystem changes as a tree of folders.

`GET /containers/{id}/changes` answers [{"Path": "/etc/x", "Kind": n}] with
Kind 0 changed, 1 added, 2 deleted; parents of a change are listed as
changed themselves. Pure, so the tree is tested without Docker.
"""
from django.utils.translation import pgettext_lazy

KINDS = {0: "changed", 1: "added", 2: "deleted"}
# The kinds in the user's words (the page's classes keep Docker's).
KIND_LABELS = {"changed": pgettext_lazy("file change", "changed"),
               "added": pgettext_lazy("file change", "added"),
               "deleted": pgettext_lazy("file change", "deleted")}


class Node(object):
    def __init__(self, name, path):
        self.name = name
        self.path = path
        self.kind = None        # None: only a folder on the way to a change
        self.children = {}

    @property
    def kind_label(self):
        return KIND_LABELS.get(self.kind, self.kind)

    @property
    def sorted_children(self):
        return [self.children[k] for k in sorted(self.children)]

    def count(self, kind):
        own = 1 if self.kind == kind and self.path != "/" else 0
        return own + sum(c.count(kind) for c in self.children.values())


def build(changes):
    root = Node("/", "/")
    for change in changes or []:
        node = root
        path = ""
        for part in [p for p in change.get("Path", "").split("/") if p]:
            path += "/" + part
            node = node.children.setdefault(part, Node(part, path))
        node.kind = KINDS.get(change.get("Kind"), "changed")
    return root
