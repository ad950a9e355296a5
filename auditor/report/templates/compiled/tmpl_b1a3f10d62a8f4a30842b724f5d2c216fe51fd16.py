from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'sections/summary.html.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_data = resolve('data')
    try:
        t_1 = environment.filters['sum']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'sum' found.")
    pass
    yield '<div class="figures">\n'
    for l_1_figure in environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'figures'):
        _loop_vars = {}
        pass
        yield '  <div class="figure'
        if environment.getattr(l_1_figure, 'alert'):
            pass
            yield ' alert'
        yield '">\n    <p class="figure-value">'
        yield escape(environment.finalize(environment.getattr(l_1_figure, 'value')))
        yield '</p>\n    <p class="figure-label">'
        yield escape(environment.finalize(environment.getattr(l_1_figure, 'label')))
        yield '</p>\n    <p class="figure-note">'
        yield escape(environment.finalize(environment.getattr(l_1_figure, 'note')))
        yield '</p>\n  </div>\n'
    l_1_figure = missing
    yield '</div>\n<div class="charts">\n  <figure class="chart"><figcaption>Agents by state</figcaption>'
    yield escape(environment.finalize(environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'agents_chart')))
    yield '</figure>\n  <figure class="chart"><figcaption>Active agents by privilege tier</figcaption>'
    yield escape(environment.finalize(environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'tiers_chart')))
    yield '</figure>\n  <figure class="chart"><figcaption>Findings by severity</figcaption>'
    yield escape(environment.finalize(environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'severity_chart')))
    yield '</figure>\n  <figure class="chart"><figcaption>Open and exempted findings</figcaption>'
    yield escape(environment.finalize(environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'status_chart')))
    yield '</figure>\n  <figure class="chart chart-wide"><figcaption>Findings by rule</figcaption>'
    yield escape(environment.finalize(environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'rule_chart')))
    yield '</figure>\n</div>\n<h3>Agents by privilege tier and state</h3>\n<table class="data compact numbers" id="tier-state">\n<thead><tr><th scope="col">Tier</th>'
    for l_1_state in environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'states'):
        _loop_vars = {}
        pass
        yield '<th scope="col">'
        yield escape(environment.finalize(l_1_state))
        yield '</th>'
    l_1_state = missing
    yield '<th scope="col">all</th></tr></thead>\n<tbody>\n'
    for l_1_row in environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'tier_rows'):
        _loop_vars = {}
        pass
        yield '<tr><th scope="row"><span class="tier tier-'
        yield escape(environment.finalize(environment.getattr(l_1_row, 'tier')))
        yield '">'
        yield escape(environment.finalize(environment.getattr(l_1_row, 'tier')))
        yield '</span></th>'
        for l_2_count in environment.getattr(l_1_row, 'by_state'):
            _loop_vars = {}
            pass
            yield '<td>'
            yield escape(environment.finalize(l_2_count))
            yield '</td>'
        l_2_count = missing
        yield '<td>'
        yield escape(environment.finalize(environment.getattr(l_1_row, 'total')))
        yield '</td></tr>\n'
    l_1_row = missing
    yield '</tbody>\n<tfoot><tr><th scope="row">all tiers</th>'
    for l_1_count in environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'state_totals'):
        _loop_vars = {}
        pass
        yield '<td>'
        yield escape(environment.finalize(l_1_count))
        yield '</td>'
    l_1_count = missing
    yield '<td>'
    yield escape(environment.finalize(t_1(environment, environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'state_totals'))))
    yield '</td></tr></tfoot>\n</table>\n'

blocks = {}
debug_info = '2=19&3=23&4=27&5=29&6=31&11=35&12=37&13=39&14=41&15=43&19=45&21=53&22=57&25=73'