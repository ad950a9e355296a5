"""`report.html`: one self-contained page (inline CSS, script and SVG), safe with hostile names.

Every value from the API reaches the page through jinja2's autoescape, or through the
same escape a column at a time (`visible_text.html_column`) in the two long lists built
in Python, the privileged table's rows and the printable list of findings; the only
other unescaped insertions are the package's own stylesheet and script, the SVG
pictures, whose text ElementTree escaped, and the findings' JSON block, which holds no
`<`, `>` or `&` (sections/findings_data.py). A Content-Security-Policy allows nothing to
load and no script to run except the page's own, identified by its SHA-256, as a second
line of defence should a name ever slip through as markup.
"""

import base64
import hashlib

from markupsafe import Markup

from auditor.analysis import Analysis
from auditor.report.compiled_templates import compiled_loader
from auditor.report.html_environment import html_environment, package_file
from auditor.report.run_info import run_info
from auditor.report.sections import SECTIONS


def script_source_hash(script: str) -> str:
    """The CSP source expression that lets exactly this inline script run."""
    digest = hashlib.sha256(script.encode()).digest()
    return "sha256-" + base64.b64encode(digest).decode()


def render_html(analysis: Analysis) -> str:
    sections = [
        (section, data) for section in SECTIONS if (data := section.build(analysis)) is not None
    ]
    environment = html_environment(compiled_loader())
    script = package_file("report.js")
    return environment.get_template("report.html.j2").render(
        run=run_info(analysis),
        sections=sections,
        stylesheet=Markup(package_file("report.css")),  # noqa: S704 - the package's own file
        script=Markup(script),  # noqa: S704 - the package's own file
        script_hash=script_source_hash(script),
    )
