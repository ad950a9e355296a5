"""What a report section is: an anchor, a title, a template partial and the data it shows;
and the labelled count several sections show in a row of figures."""

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


@dataclass(frozen=True)
class Count:
    """One figure of a section's row of counts."""

    label: str
    value: int
    # Shown in the alert colour when not zero: access that grew, or that should be gone.
    alert: bool = False
