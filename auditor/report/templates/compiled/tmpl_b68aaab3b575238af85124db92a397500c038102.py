from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'sections/changes.html.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_data = resolve('data')
    try:
        t_1 = environment.filters['length']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'length' found.")
    pass
    yield '<p class="lead">What changed in access between the baseline snapshot (collected '
    yield escape(environment.finalize(environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'baseline_collected_at')))
    yield ', manifest SHA-256 <code class="hash">'
    yield escape(environment.finalize(environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'baseline_manifest_sha256')))
    yield '</code>) and this one (collected '
    yield escape(environment.finalize(environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'current_collected_at')))
    yield '). Agents are matched by Freshdesk ID, entitlements by their review key, and both snapshots are judged with the same policy. Access that appeared is marked +, access that went &minus;, other changes ~.</p>\n<div class="figures">\n'
    for l_1_count in environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'counts'):
        _loop_vars = {}
        pass
        yield '  <div class="figure'
        if (environment.getattr(l_1_count, 'alert') and environment.getattr(l_1_count, 'value')):
            pass
            yield ' alert'
        yield '">\n    <p class="figure-value">'
        yield escape(environment.finalize(environment.getattr(l_1_count, 'value')))
        yield '</p>\n    <p class="figure-label">'
        yield escape(environment.finalize(environment.getattr(l_1_count, 'label')))
        yield '</p>\n  </div>\n'
    l_1_count = missing
    yield '</div>\n'
    if environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'agents'):
        pass
        yield '<table class="data" id="changes-table">\n<thead><tr><th scope="col">Agent</th><th scope="col"></th><th scope="col">Change</th><th scope="col">Entitlement</th><th scope="col">Before</th><th scope="col">Now</th><th scope="col">Findings</th></tr></thead>\n<tbody>\n'
        l_1_loop = missing
        for l_1_agent, l_1_loop in LoopContext(environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'agents'), undefined):
            _loop_vars = {}
            pass
            l_2_loop = missing
            for (l_2_mark, l_2_change, l_2_entitlement, l_2_before, l_2_after), l_2_loop in LoopContext(environment.getattr(l_1_agent, 'changes'), undefined):
                _loop_vars = {}
                pass
                yield '<tr>\n'
                if environment.getattr(l_2_loop, 'first'):
                    pass
                    yield '<td class="subject" rowspan="'
                    yield escape(environment.finalize(t_1(environment.getattr(l_1_agent, 'changes'))))
                    yield '"><span class="name">'
                    yield escape(environment.finalize(environment.getattr(l_1_agent, 'name')))
                    yield '</span><br><span class="email">'
                    yield escape(environment.finalize(environment.getattr(l_1_agent, 'email')))
                    yield '</span><br><span class="muted">agent '
                    yield escape(environment.finalize(environment.getattr(l_1_agent, 'agent_id')))
                    yield '</span></td>'
                yield '<td><strong>'
                yield escape(environment.finalize(l_2_mark))
                yield '</strong></td>\n<td>'
                yield escape(environment.finalize(l_2_change))
                yield '</td>\n<td>'
                yield escape(environment.finalize(l_2_entitlement))
                yield '</td>\n<td>'
                yield escape(environment.finalize(l_2_before))
                yield '</td>\n<td>'
                yield escape(environment.finalize(l_2_after))
                yield '</td>\n'
                if environment.getattr(l_2_loop, 'first'):
                    pass
                    yield '<td rowspan="'
                    yield escape(environment.finalize(t_1(environment.getattr(l_1_agent, 'changes'))))
                    yield '">'
                    l_3_loop = missing
                    t_2 = 1
                    for (l_3_rule_id, l_3_finding_id), l_3_loop in LoopContext(environment.getattr(l_1_agent, 'finding_ids'), undefined):
                        _loop_vars = {}
                        pass
                        yield '<a href="#'
                        yield escape(environment.finalize(l_3_finding_id))
                        yield '">'
                        yield escape(environment.finalize(l_3_rule_id))
                        yield '</a>'
                        if (not environment.getattr(l_3_loop, 'last')):
                            pass
                            yield ', '
                        t_2 = 0
                    l_3_loop = l_3_rule_id = l_3_finding_id = missing
                    if t_2:
                        pass
                        yield '<span class="muted">none</span>'
                    yield '</td>'
                yield '</tr>\n'
            l_2_loop = l_2_mark = l_2_change = l_2_entitlement = l_2_before = l_2_after = missing
        l_1_loop = l_1_agent = missing
        yield '</tbody>\n</table>\n'
    else:
        pass
        yield '<p class="all-clear">No access changed since the baseline.</p>\n'

blocks = {}
debug_info = '1=19&3=25&4=29&5=33&6=35&10=39&14=43&15=47&17=51&18=63&19=65&20=67&21=69&22=71&23=73'