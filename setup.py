"""Packaging for the docker-dashboard Horizon plugin.

Templates and static files live inside the ``docker_dashboard`` package (not in
top-level folders) so that ``pip install`` carries them into Horizon: Django
finds them through the app directories of an installed app.
"""
import os
import sys

from setuptools import find_packages
from setuptools import setup
from setuptools.command.build_py import build_py

HERE = os.path.dirname(os.path.abspath(__file__))
# The pseudo-translation is for development and tests only (tools/pseudo_locale.py).
PSEUDO_LOCALE = "eo"


class build_py_with_catalogs(build_py):
    """Copies the package as usual, then compiles its translation catalogs
    (locale/*/LC_MESSAGES/*.po) into the .mo files Django reads, so that the
    wheel carries them: pure Python (tools/msgfmt.py), no gettext needed."""

    def run(self):
        super().run()
        sys.path.insert(0, os.path.join(HERE, "tools"))
        import msgfmt
        locale_dir = os.path.join(self.build_lib, "docker_dashboard", "locale")
        if os.path.isdir(locale_dir) and not self.dry_run:
            msgfmt.compile_tree(locale_dir, skip=(PSEUDO_LOCALE,))


def read_requirements(name):
    with open(os.path.join(HERE, name), encoding="utf-8") as handle:
        return [line.split("#")[0].strip() for line in handle
                if line.split("#")[0].strip()]


setup(
    name="docker-dashboard",
    version="0.1.0",
    description="Run Docker containers from OpenStack Horizon, "
                "scoped to the Keystone project",
    long_description=open(os.path.join(HERE, "README.md"),
                          encoding="utf-8").read(),
    long_description_content_type="text/markdown",
    license="Apache-2.0",
    python_requires=">=3.10",
    packages=find_packages(include=["docker_dashboard", "docker_dashboard.*"]),
    include_package_data=True,
    cmdclass={"build_py": build_py_with_catalogs},
    install_requires=read_requirements("requirements.txt"),
    entry_points={
        "console_scripts": [
            "docker-dashboard-proxy = docker_dashboard.proxy.__main__:main",
        ],
    },
    classifiers=[
        "Framework :: Django",
        "Environment :: OpenStack",
        "Programming Language :: Python :: 3",
    ],
)
