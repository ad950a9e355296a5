from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'sections/exemptions.html.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_data = resolve('data')
    try:
        t_1 = environment.filters['replace']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'replace' found.")
    pass
    if environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'rows'):
        pass
        yield '<p class="lead">Accepted risks from the policy file'
        if environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'policy'):
            pass
            yield ' <code>'
            yield escape(environment.finalize(environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'policy')))
            yield '</code>'
        yield '. An exemption keeps its finding in every output with status <em>exempted</em>; once expired it no longer applies. Expired and unused exemptions are flagged for the policy owner.</p>\n<table class="data" id="exemptions-table">\n<thead><tr><th scope="col">Rule</th><th scope="col">Subject</th><th scope="col">Reason</th><th scope="col">Approved by</th><th scope="col">Expires</th><th scope="col">State</th></tr></thead>\n<tbody>\n'
        for l_1_row in environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'rows'):
            _loop_vars = {}
            pass
            yield '<tr class="'
            if environment.getattr(l_1_row, 'flagged'):
                pass
                yield 'flagged'
            yield '">\n<td><a href="#rule-'
            yield escape(environment.finalize(environment.getattr(environment.getattr(l_1_row, 'exemption'), 'rule')))
            yield '">'
            yield escape(environment.finalize(environment.getattr(environment.getattr(l_1_row, 'exemption'), 'rule')))
            yield '</a></td>\n<td><code>'
            yield escape(environment.finalize(environment.getattr(environment.getattr(l_1_row, 'exemption'), 'subject')))
            yield '</code>'
            if environment.getattr(environment.getattr(l_1_row, 'exemption'), 'line'):
                pass
                yield '<br><span class="muted">policy line '
                yield escape(environment.finalize(environment.getattr(environment.getattr(l_1_row, 'exemption'), 'line')))
                yield '</span>'
            yield '</td>\n<td>'
            yield escape(environment.finalize(environment.getattr(environment.getattr(l_1_row, 'exemption'), 'reason')))
            yield '</td>\n<td>'
            yield escape(environment.finalize(environment.getattr(environment.getattr(l_1_row, 'exemption'), 'approved_by')))
            yield '</td>\n<td class="nowrap">'
            yield escape(environment.finalize(context.call(environment.getattr(environment.getattr(environment.getattr(l_1_row, 'exemption'), 'expires'), 'isoformat'), _loop_vars=_loop_vars)))
            yield '</td>\n<td><span class="exemption-state state-'
            yield escape(environment.finalize(t_1(context.eval_ctx, environment.getattr(l_1_row, 'state'), ' ', '-')))
            yield '">'
            yield escape(environment.finalize(environment.getattr(l_1_row, 'state')))
            yield '</span><br>'
            yield escape(environment.finalize(environment.getattr(l_1_row, 'explanation')))
            for l_2_finding_id in environment.getattr(l_1_row, 'finding_ids'):
                _loop_vars = {}
                pass
                yield '<br><a href="#'
                yield escape(environment.finalize(l_2_finding_id))
                yield '"><code class="id">'
                yield escape(environment.finalize(l_2_finding_id))
                yield '</code></a>'
            l_2_finding_id = missing
            yield '</td>\n</tr>\n'
        l_1_row = missing
        yield '</tbody>\n</table>\n'
    else:
        pass
        yield '<p class="lead">The policy grants no exemptions: every finding is open.</p>\n'

blocks = {}
debug_info = '1=18&2=21&6=27&7=31&8=35&9=39&10=47&11=49&12=51&13=53'