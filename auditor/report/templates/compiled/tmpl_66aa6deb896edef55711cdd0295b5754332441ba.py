from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'sections/findings.html.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_data = resolve('data')
    try:
        t_1 = environment.filters['join']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'join' found.")
    pass
    yield '<p class="lead">Every finding of this run, most severe first. Exempted findings stay listed with the exemption that accepts them. The same rows are in <code>findings.csv</code> and <code>findings.json</code>, under the same finding IDs.</p>\n'
    if environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'groups'):
        pass
        yield '<h3>Findings by rule</h3>\n<table class="data by-rule" id="findings-by-rule">\n<thead><tr><th scope="col">Rule</th><th scope="col">Severity</th><th scope="col" class="num">Open</th><th scope="col" class="num">Exempted</th><th scope="col" class="num">All</th><th scope="col">Controls</th></tr></thead>\n<tbody>\n'
        for l_1_g in environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'groups'):
            _loop_vars = {}
            pass
            yield '<tr data-rule="'
            yield escape(environment.finalize(environment.getattr(l_1_g, 'rule_id')))
            yield '">\n<td><a href="#rule-'
            yield escape(environment.finalize(environment.getattr(l_1_g, 'rule_id')))
            yield '">'
            yield escape(environment.finalize(environment.getattr(l_1_g, 'rule_id')))
            yield '</a> <button type="button" class="filter-link" data-filter-key="rule" data-filter-value="'
            yield escape(environment.finalize(environment.getattr(l_1_g, 'rule_id')))
            yield '">show</button><br><span class="muted">'
            yield escape(environment.finalize(environment.getattr(l_1_g, 'title')))
            yield '</span></td>\n<td><span class="sev sev-'
            yield escape(environment.finalize(environment.getattr(l_1_g, 'severity')))
            yield '">'
            yield escape(environment.finalize(environment.getattr(l_1_g, 'severity')))
            yield '</span></td>\n<td class="num">'
            yield escape(environment.finalize(environment.getattr(l_1_g, 'open')))
            yield '</td><td class="num">'
            yield escape(environment.finalize(environment.getattr(l_1_g, 'exempted')))
            yield '</td><td class="num"><strong>'
            yield escape(environment.finalize(environment.getattr(l_1_g, 'total')))
            yield '</strong></td>\n<td class="controls-cell">'
            yield escape(environment.finalize(t_1(context.eval_ctx, environment.getattr(l_1_g, 'controls'), ', ')))
            yield '</td>\n</tr>\n'
        l_1_g = missing
        yield '</tbody>\n</table>\n'
    yield '<div class="controls" id="findings-controls" hidden>\n  <label>Severity\n    <select id="filter-severity">\n      <option value="">all</option>\n'
    for l_1_severity in environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'severities'):
        _loop_vars = {}
        pass
        yield '      <option value="'
        yield escape(environment.finalize(l_1_severity))
        yield '">'
        yield escape(environment.finalize(l_1_severity))
        yield '</option>\n'
    l_1_severity = missing
    yield '    </select>\n  </label>\n  <label>Rule\n    <select id="filter-rule">\n      <option value="">all</option>\n'
    for (l_1_rule_id, l_1_title) in environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'rules'):
        _loop_vars = {}
        pass
        yield '      <option value="'
        yield escape(environment.finalize(l_1_rule_id))
        yield '">'
        yield escape(environment.finalize(l_1_rule_id))
        yield ': '
        yield escape(environment.finalize(l_1_title))
        yield '</option>\n'
    l_1_rule_id = l_1_title = missing
    yield '    </select>\n  </label>\n  <label>Status\n    <select id="filter-status">\n      <option value="">all</option>\n'
    for l_1_status in environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'statuses'):
        _loop_vars = {}
        pass
        yield '      <option value="'
        yield escape(environment.finalize(l_1_status))
        yield '">'
        yield escape(environment.finalize(l_1_status))
        yield '</option>\n'
    l_1_status = missing
    yield '    </select>\n  </label>\n  <label>Control\n    <select id="filter-control">\n      <option value="">all</option>\n'
    for l_1_control in environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'controls'):
        _loop_vars = {}
        pass
        yield '      <option value="'
        yield escape(environment.finalize(l_1_control))
        yield '">'
        yield escape(environment.finalize(l_1_control))
        yield '</option>\n'
    l_1_control = missing
    yield '    </select>\n  </label>\n  <label>Sort by\n    <select id="findings-sort">\n      <option value="severity">severity</option>\n      <option value="rule">rule</option>\n      <option value="subject">subject name</option>\n      <option value="status">status</option>\n      <option value="id">finding ID</option>\n    </select>\n  </label>\n  <label class="search">Search\n    <input type="search" id="filter-search" placeholder="name, email, ID, control, text" autocomplete="off">\n  </label>\n  <button type="button" id="filter-reset">Clear</button>\n</div>\n<p class="count" id="findings-count" aria-live="polite">'
    yield escape(environment.finalize(environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'total')))
    yield ' finding'
    yield escape(environment.finalize(('' if (environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'total') == 1) else 's')))
    yield '</p>\n'
    if environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'total'):
        pass
        yield '<div id="findings-app" hidden>\n<table class="data findings" id="findings-table">\n<thead><tr><th scope="col">Severity</th><th scope="col">Rule</th><th scope="col">Status</th><th scope="col">Subject</th><th scope="col">Detail</th><th scope="col">Finding ID</th></tr></thead>\n<tbody></tbody>\n</table>\n<p class="empty" id="findings-empty" hidden>No finding matches the filters.</p>\n<nav class="pager" id="findings-pager" aria-label="Pages of findings"><button type="button" id="page-prev">Previous</button> <span id="page-info"></span> <button type="button" id="page-next">Next</button></nav>\n</div>\n<ol class="findings-list" id="findings-list" data-complete="'
        yield escape(environment.finalize(('true' if environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'items') else 'false')))
        yield '">\n'
        yield escape(environment.finalize(environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'items')))
        yield '</ol>\n'
        if (not environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'items')):
            pass
            yield '<p class="nojs-note">This report holds '
            yield escape(environment.finalize(environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'total')))
            yield ' findings, more than the '
            yield escape(environment.finalize(environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'list_limit')))
            yield ' it lists without JavaScript: open it in a browser with JavaScript on to search and filter them, print it to get every finding on paper, or read them all in <code>findings.csv</code>.</p>\n'
        yield '<script type="application/json" id="findings-data">'
        yield escape(environment.finalize(environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'data')))
        yield '</script>\n'
    else:
        pass
        yield '<p class="all-clear">No rule found anything in this snapshot.</p>\n'

blocks = {}
debug_info = '2=19&7=22&8=26&9=28&10=36&11=40&12=46&22=51&23=55&30=61&31=65&38=73&39=77&46=83&47=87&65=93&66=97&75=100&76=102&77=104&78=107&80=112'