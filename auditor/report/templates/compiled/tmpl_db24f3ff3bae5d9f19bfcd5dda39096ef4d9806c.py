from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'sections/identity.html.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_data = resolve('data')
    try:
        t_1 = environment.tests['none']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No test named 'none' found.")
    pass
    yield '<p class="lead">'
    yield escape(environment.finalize(environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'agents')))
    yield ' agents, '
    yield escape(environment.finalize(environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'roles')))
    yield ' roles and '
    yield escape(environment.finalize(environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'groups')))
    yield ' groups; '
    yield escape(environment.finalize(environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'role_edges')))
    yield ' role assignments and '
    yield escape(environment.finalize(environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'group_edges')))
    yield " group memberships. Lines from a role and the outline of an agent take the colour of its tier; a purple <em>global</em> badge marks Global ticket scope; agents that are not active have a dashed outline and say so. Hover over a node for its full name and ID. The complete graph, with companies and the contacts that can view all of a company's tickets, is in <code>graph.graphml</code>.</p>\n"
    if (not t_1(environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'shown'))):
        pass
        yield '<p class="notice" id="identity-limited">This picture shows '
        yield escape(environment.finalize(environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'shown')))
        yield ' of the '
        yield escape(environment.finalize(environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'agents')))
        yield ' agents: above '
        yield escape(environment.finalize(environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'limit')))
        yield ' agents it draws only the privileged and at-risk part (an admin tier, Global ticket scope, or an open high or critical finding; '
        yield escape(environment.finalize(environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'at_risk')))
        yield ' agents'
        if (environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'at_risk') > environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'shown')):
            pass
            yield ', the '
            yield escape(environment.finalize(environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'shown')))
            yield ' most privileged of them drawn'
        yield ') and the roles and groups they hold. Every agent is in <code>graph.graphml</code>, <code>agents.csv</code> and <code>access_review.csv</code>.</p>\n'
    yield '<ul class="legend">\n  <li><span class="swatch tier-account_admin"></span>account admin</li>\n  <li><span class="swatch tier-admin"></span>admin</li>\n  <li><span class="swatch tier-supervisor"></span>supervisor</li>\n  <li><span class="swatch tier-agent"></span>agent</li>\n  <li><span class="swatch tier-collaborator"></span>collaborator</li>\n  <li><span class="badge-global">global</span> Global ticket scope</li>\n  <li><span class="swatch undefined"></span>undefined role or group</li>\n</ul>\n<div class="graph-picture">'
    yield escape(environment.finalize(environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'svg')))
    yield '</div>\n'

blocks = {}
debug_info = '1=19&2=29&3=32&14=47'