from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'report.html.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_script_hash = resolve('script_hash')
    l_0_run = resolve('run')
    l_0_stylesheet = resolve('stylesheet')
    l_0_sections = resolve('sections')
    l_0_script = resolve('script')
    try:
        t_1 = environment.filters['length']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'length' found.")
    pass
    yield '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; style-src \'unsafe-inline\'; img-src data:; script-src \''
    yield escape(environment.finalize((undefined(name='script_hash') if l_0_script_hash is missing else l_0_script_hash)))
    yield '\'; base-uri \'none\'; form-action \'none\'">\n<meta name="generator" content="'
    yield escape(environment.finalize(environment.getattr((undefined(name='run') if l_0_run is missing else l_0_run), 'tool_name')))
    yield ' '
    yield escape(environment.finalize(environment.getattr((undefined(name='run') if l_0_run is missing else l_0_run), 'tool_version')))
    yield '">\n<link rel="icon" href="data:,">\n<title>Freshdesk access review: '
    yield escape(environment.finalize(environment.getattr((undefined(name='run') if l_0_run is missing else l_0_run), 'domain')))
    yield ' as of '
    yield escape(environment.finalize(environment.getattr((undefined(name='run') if l_0_run is missing else l_0_run), 'as_of')))
    yield '</title>\n<style>\n'
    yield escape(environment.finalize((undefined(name='stylesheet') if l_0_stylesheet is missing else l_0_stylesheet)))
    yield '\n</style>\n</head>\n<body>\n<header class="cover">\n  <div class="cover-band">\n    <p class="eyebrow">Freshdesk user access review</p>\n    <h1>'
    yield escape(environment.finalize(environment.getattr((undefined(name='run') if l_0_run is missing else l_0_run), 'domain')))
    yield '</h1>\n    <p class="cover-sub">Access as of <strong>'
    yield escape(environment.finalize(environment.getattr((undefined(name='run') if l_0_run is missing else l_0_run), 'as_of')))
    yield '</strong> &middot; evidence collected '
    yield escape(environment.finalize(environment.getattr((undefined(name='run') if l_0_run is missing else l_0_run), 'collected_at')))
    yield '</p>\n  </div>\n'
    if (not environment.getattr((undefined(name='run') if l_0_run is missing else l_0_run), 'complete')):
        pass
        yield '  <div class="banner" role="alert">\n    <p class="banner-title">Incomplete evidence: this snapshot does not hold the whole account.</p>\n    <ul>\n'
        for l_1_item in environment.getattr((undefined(name='run') if l_0_run is missing else l_0_run), 'incomplete'):
            _loop_vars = {}
            pass
            yield '      <li><strong>'
            yield escape(environment.finalize(environment.getattr(l_1_item, 'name')))
            yield '</strong>: '
            yield escape(environment.finalize(environment.getattr(l_1_item, 'status')))
            yield ' ('
            yield escape(environment.finalize(environment.getattr(l_1_item, 'records')))
            yield ' records)'
            if environment.getattr(l_1_item, 'note'):
                pass
                yield '. '
                yield escape(environment.finalize(environment.getattr(l_1_item, 'note')))
            yield '</li>\n'
        l_1_item = missing
        yield '    </ul>\n    <p>Findings that depend on these collections may be missing. Do not file this report as access-review evidence until the account is collected in full.</p>\n  </div>\n'
    yield '  <dl class="provenance">\n    <div><dt>Account</dt><dd>'
    yield escape(environment.finalize(environment.getattr((undefined(name='run') if l_0_run is missing else l_0_run), 'domain')))
    yield '</dd></div>\n    <div><dt>Source</dt><dd><code>'
    yield escape(environment.finalize(environment.getattr((undefined(name='run') if l_0_run is missing else l_0_run), 'base_url')))
    yield '</code></dd></div>\n    <div><dt>Collected at</dt><dd>'
    yield escape(environment.finalize(environment.getattr((undefined(name='run') if l_0_run is missing else l_0_run), 'collected_at')))
    yield '</dd></div>\n    <div><dt>Judged as of</dt><dd>'
    yield escape(environment.finalize(environment.getattr((undefined(name='run') if l_0_run is missing else l_0_run), 'as_of')))
    yield '</dd></div>\n    <div><dt>API key owner</dt><dd>'
    yield escape(environment.finalize(environment.getattr((undefined(name='run') if l_0_run is missing else l_0_run), 'key_owner')))
    yield '</dd></div>\n    <div><dt>Completeness</dt><dd>'
    if environment.getattr((undefined(name='run') if l_0_run is missing else l_0_run), 'complete'):
        pass
        yield '<span class="ok">every collection complete</span>'
    else:
        pass
        yield '<span class="bad">'
        yield escape(environment.finalize(t_1(environment.getattr((undefined(name='run') if l_0_run is missing else l_0_run), 'incomplete'))))
        yield ' collection(s) incomplete</span>'
    yield '</dd></div>\n    <div><dt>Policy</dt><dd>'
    yield escape(environment.finalize(environment.getattr((undefined(name='run') if l_0_run is missing else l_0_run), 'policy_label')))
    if environment.getattr((undefined(name='run') if l_0_run is missing else l_0_run), 'policy_sha256'):
        pass
        yield '<br><code class="hash">SHA-256 '
        yield escape(environment.finalize(environment.getattr((undefined(name='run') if l_0_run is missing else l_0_run), 'policy_sha256')))
        yield '</code>'
    yield '</dd></div>\n    <div><dt>Tool</dt><dd>'
    yield escape(environment.finalize(environment.getattr((undefined(name='run') if l_0_run is missing else l_0_run), 'tool_name')))
    yield ' '
    yield escape(environment.finalize(environment.getattr((undefined(name='run') if l_0_run is missing else l_0_run), 'tool_version')))
    yield ' (snapshot written by '
    yield escape(environment.finalize(environment.getattr((undefined(name='run') if l_0_run is missing else l_0_run), 'snapshot_tool_version')))
    yield ')</dd></div>\n    <div class="wide"><dt>Snapshot manifest SHA-256</dt><dd><code class="hash">'
    yield escape(environment.finalize(environment.getattr((undefined(name='run') if l_0_run is missing else l_0_run), 'snapshot_manifest_sha256')))
    yield '</code></dd></div>\n  </dl>\n  <nav class="toc" aria-label="Contents">\n    <ol>\n'
    for (l_1_section, l_1_data) in (undefined(name='sections') if l_0_sections is missing else l_0_sections):
        _loop_vars = {}
        pass
        yield '      <li><a href="#'
        yield escape(environment.finalize(environment.getattr(l_1_section, 'id')))
        yield '">'
        yield escape(environment.finalize(environment.getattr(l_1_section, 'title')))
        yield '</a></li>\n'
    l_1_section = l_1_data = missing
    yield '    </ol>\n  </nav>\n</header>\n<main>\n'
    l_1_loop = missing
    for (l_1_section, l_1_data), l_1_loop in LoopContext((undefined(name='sections') if l_0_sections is missing else l_0_sections), undefined):
        _loop_vars = {}
        pass
        yield '<section id="'
        yield escape(environment.finalize(environment.getattr(l_1_section, 'id')))
        yield '" class="report-section'
        if environment.getattr(l_1_section, 'new_page'):
            pass
            yield ' new-page'
        if environment.getattr(l_1_section, 'landscape'):
            pass
            yield ' landscape'
        yield '">\n<h2><span class="num">'
        yield escape(environment.finalize(environment.getattr(l_1_loop, 'index')))
        yield '</span> '
        yield escape(environment.finalize(environment.getattr(l_1_section, 'title')))
        yield '</h2>\n'
        template = environment.get_or_select_template(environment.getattr(l_1_section, 'template'), 'report.html.j2')
        gen = template.root_render_func(template.new_context(context.get_all(), True, {'data': l_1_data, 'loop': l_1_loop, 'section': l_1_section}))
        try:
            for event in gen:
                yield event
        finally: gen.close()
        yield '</section>\n'
    l_1_loop = l_1_section = l_1_data = missing
    yield '</main>\n<footer class="colophon">\n  <p>Written by '
    yield escape(environment.finalize(environment.getattr((undefined(name='run') if l_0_run is missing else l_0_run), 'tool_name')))
    yield ' '
    yield escape(environment.finalize(environment.getattr((undefined(name='run') if l_0_run is missing else l_0_run), 'tool_version')))
    yield ' from the snapshot whose manifest has SHA-256 <code class="hash">'
    yield escape(environment.finalize(environment.getattr((undefined(name='run') if l_0_run is missing else l_0_run), 'snapshot_manifest_sha256')))
    yield "</code>. The bundle's manifest.json holds the SHA-256 of this file; <code>auditor verify</code> re-checks every file of the bundle and its snapshot.</p>\n</footer>\n<script>"
    yield escape(environment.finalize((undefined(name='script') if l_0_script is missing else l_0_script)))
    yield '</script>\n</body>\n</html>\n'

blocks = {}
debug_info = '6=23&7=25&9=29&11=33&18=35&19=37&21=41&25=44&26=48&33=62&34=64&35=66&36=68&37=70&38=72&39=81&40=88&41=94&45=96&46=100&52=107&53=111&54=120&55=124&60=133&62=139'