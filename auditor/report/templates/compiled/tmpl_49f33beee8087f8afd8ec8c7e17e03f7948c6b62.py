from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'sections/roster.html.j2'

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
    try:
        t_2 = environment.filters['length']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'length' found.")
    pass
    yield '<p class="lead">Every active agent was looked up in the identity-provider roster <code>'
    yield escape(environment.finalize(environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'file')))
    yield '</code> ('
    yield escape(environment.finalize(environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'format')))
    yield ' export, '
    yield escape(environment.finalize(environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'people')))
    yield ' people; SHA-256 <code class="hash">'
    yield escape(environment.finalize(environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'sha256')))
    yield '</code>) by email, ignoring letter case and <code>+tag</code> aliases. Email columns used: '
    yield escape(environment.finalize(environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'email_columns')))
    yield '. Status column: '
    yield escape(environment.finalize(environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'status_column')))
    yield '.</p>\n<div class="figures">\n'
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
    if environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'exceptions'):
        pass
        yield '<table class="data" id="roster-table">\n<thead><tr><th scope="col">Agent</th><th scope="col">Outcome</th><th scope="col">The roster says</th></tr></thead>\n<tbody>\n'
        for l_1_agent in environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'exceptions'):
            _loop_vars = {}
            pass
            yield '<tr class="flagged">\n<td class="subject"><span class="name">'
            yield escape(environment.finalize(environment.getattr(l_1_agent, 'name')))
            yield '</span><br><span class="email">'
            yield escape(environment.finalize(environment.getattr(l_1_agent, 'email')))
            yield '</span><br><span class="muted">agent '
            yield escape(environment.finalize(environment.getattr(l_1_agent, 'agent_id')))
            yield '</span></td>\n<td>'
            yield escape(environment.finalize(environment.getattr(l_1_agent, 'outcome')))
            yield '</td>\n<td>'
            yield escape(environment.finalize((environment.getattr(l_1_agent, 'roster_says') or 'nothing: no row has this address')))
            yield '</td>\n</tr>\n'
        l_1_agent = missing
        yield '</tbody>\n</table>\n'
    else:
        pass
        yield '<p class="all-clear">Every active agent has an active identity in the roster.</p>\n'
    if environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'unknown_statuses'):
        pass
        yield '<p>Status values the auditor does not recognise, not guessed either way (confirm these people by hand):\n'
        l_1_loop = missing
        for (l_1_value, l_1_rows), l_1_loop in LoopContext(environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'unknown_statuses'), undefined):
            _loop_vars = {}
            pass
            yield '<code>'
            yield escape(environment.finalize((l_1_value or '(empty)')))
            yield '</code> ('
            yield escape(environment.finalize(l_1_rows))
            yield ' rows)'
            if (not environment.getattr(l_1_loop, 'last')):
                pass
                yield ', '
        l_1_loop = l_1_value = l_1_rows = missing
        yield '.</p>\n'
    if environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'lines_without_email'):
        pass
        yield '<p>'
        yield escape(environment.finalize(t_2(environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'lines_without_email'))))
        yield ' roster rows have no email address and could match nobody: lines '
        yield escape(environment.finalize(t_1(context.eval_ctx, environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'lines_without_email'), ', ')))
        yield '.</p>\n'

blocks = {}
debug_info = '1=25&3=37&4=41&5=45&6=47&10=51&14=54&16=58&17=64&18=66&26=73&28=77&30=90&31=93'