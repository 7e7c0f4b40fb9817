"""The projects as the pipeline reads them: briefs parsed, the sorter and the section rankers built once."""

from __future__ import annotations

from dataclasses import dataclass, field

from responder.config import Config
from responder.judge import briefs
from responder.judge.excerpt import SectionChooser
from responder.judge.sorter import Project, Sorter, make_project


@dataclass
class Catalog:
    """The projects, built once at start: briefs parsed, indexes ready."""

    projects: dict[str, Project]
    sorter: Sorter
    choosers: dict[str, SectionChooser] = field(default_factory=dict)

    @classmethod
    def from_config(cls, cfg: Config) -> Catalog:
        projects = {
            p.id: make_project(p.id, p.name, p.clients, p.keywords, briefs.load(p.brief, f"projects[{n}].brief"))
            for n, p in enumerate(cfg.projects)
        }
        return cls(projects, Sorter(list(projects.values())), {k: SectionChooser(v) for k, v in projects.items()})
