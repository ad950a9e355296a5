"""What a report section is: an anchor, a title, a template partial and the data it shows."""

from collections.abc import Callable
from dataclasses import dataclass

from auditor.analysis import Analysis


@dataclass(frozen=True)
class Section:
    """One part of `report.html`.

    `build` turns the analysis into the data the partial `templates/<template>` renders
    as `data`; it returns None when the section has nothing to show (for example a
    baseline comparison without `--baseline`), and the section is then left out.
    """

    id: str
    title: str
    template: str
    build: Callable[[Analysis], object | None]
    # Print: start on a new page; `landscape` pages suit wide tables and pictures.
    new_page: bool = True
    landscape: bool = False
