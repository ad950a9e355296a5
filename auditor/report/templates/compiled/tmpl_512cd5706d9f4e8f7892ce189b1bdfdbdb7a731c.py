from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'sections/matrix.html.j2'

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
    yield '<p class="lead">Agents against every role and group, with their ticket scope. Privileged roles are shaded; a role or group the agents reference but the account does not define is marked <span class="undefined-mark">undefined</span>.</p>\n'
    if environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'limited'):
        pass
        yield '<p class="notice" id="matrix-limited">This matrix shows '
        yield escape(environment.finalize(t_1(environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'rows'))))
        yield " of the account's "
        yield escape(environment.finalize(environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'total_agents')))
        yield ' agents: above '
        yield escape(environment.finalize(environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'limit')))
        yield ' agents it keeps the most privileged (highest tier, then Global scope, then active), so that it stays readable. The last row counts the holders of each role and group among all '
        yield escape(environment.finalize(environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'total_agents')))
        yield " agents. Every agent's roles, groups and scope are in <code>agents.csv</code> and <code>access_review.csv</code>.</p>\n"
    yield '<div class="scroll">\n<table class="data matrix" id="access-matrix">\n<thead>\n<tr class="groups-of-columns"><th scope="col" rowspan="2" class="corner">Agent</th><th scope="col" rowspan="2">State</th><th scope="col" rowspan="2">Tier</th><th scope="col" rowspan="2">Scope</th>\n'
    if environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'roles'):
        pass
        yield '<th scope="colgroup" colspan="'
        yield escape(environment.finalize(t_1(environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'roles'))))
        yield '" class="band">Roles</th>'
    if environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'groups'):
        pass
        yield '<th scope="colgroup" colspan="'
        yield escape(environment.finalize(t_1(environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'groups'))))
        yield '" class="band">Groups</th>'
    yield '</tr>\n<tr>\n'
    for l_1_column in environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'columns'):
        _loop_vars = {}
        pass
        yield '<th scope="col" class="vertical'
        if environment.getattr(l_1_column, 'privileged'):
            pass
            yield ' privileged'
        if environment.getattr(l_1_column, 'undefined'):
            pass
            yield ' undefined'
        yield '" title="'
        yield escape(environment.finalize(environment.getattr(l_1_column, 'key')))
        yield '"><span>'
        yield escape(environment.finalize(environment.getattr(l_1_column, 'name')))
        yield '</span></th>\n'
    l_1_column = missing
    yield '</tr>\n</thead>\n<tbody>\n'
    for l_1_row in environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'rows'):
        l_1_zip = resolve('zip')
        _loop_vars = {}
        pass
        yield '<tr class="row-'
        yield escape(environment.finalize(environment.getattr(l_1_row, 'state')))
        yield '">\n<th scope="row" class="subject"><span class="name">'
        yield escape(environment.finalize(environment.getattr(l_1_row, 'name')))
        yield '</span> <span class="muted">'
        yield escape(environment.finalize(environment.getattr(l_1_row, 'agent_id')))
        yield '</span></th>\n<td><span class="state state-'
        yield escape(environment.finalize(environment.getattr(l_1_row, 'state')))
        yield '">'
        yield escape(environment.finalize(environment.getattr(l_1_row, 'state')))
        yield '</span></td>\n<td><span class="tier tier-'
        yield escape(environment.finalize(environment.getattr(l_1_row, 'tier')))
        yield '">'
        yield escape(environment.finalize(environment.getattr(l_1_row, 'tier')))
        yield '</span></td>\n<td><span class="scope scope-'
        yield escape(environment.finalize(environment.getattr(l_1_row, 'scope')))
        yield '">'
        yield escape(environment.finalize(environment.getattr(l_1_row, 'scope')))
        yield '</span></td>\n'
        for (l_2_held, l_2_column) in context.call((undefined(name='zip') if l_1_zip is missing else l_1_zip), environment.getattr(l_1_row, 'cells'), environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'columns'), _loop_vars=_loop_vars):
            _loop_vars = {}
            pass
            yield '<td class="cell'
            if environment.getattr(l_2_column, 'privileged'):
                pass
                yield ' privileged'
            yield '">'
            if l_2_held:
                pass
                yield '<span class="mark" title="'
                yield escape(environment.finalize(environment.getattr(l_1_row, 'name')))
                yield ': '
                yield escape(environment.finalize(environment.getattr(l_2_column, 'name')))
                yield '">&#9679;</span>'
            yield '</td>'
        l_2_held = l_2_column = missing
        yield '\n</tr>\n'
    l_1_row = l_1_zip = missing
    yield '</tbody>\n<tfoot>\n<tr><th scope="row" colspan="4">Holders among all '
    yield escape(environment.finalize(environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'total_agents')))
    yield ' agents</th>'
    for l_1_count in environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'holders'):
        _loop_vars = {}
        pass
        yield '<td class="cell num">'
        yield escape(environment.finalize(l_1_count))
        yield '</td>'
    l_1_count = missing
    yield '</tr>\n</tfoot>\n</table>\n</div>\n'

blocks = {}
debug_info = '2=19&3=22&9=31&10=36&13=42&14=46&19=59&20=64&21=66&22=70&23=74&24=78&25=82&31=102'