from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'sections/scim.html.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_data = resolve('data')
    pass
    yield '<p class="lead">The identity provider\'s own view of who has a Freshdesk account: the SCIM 2.0 users at <code>'
    yield escape(environment.finalize(environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'base_url')))
    yield '/Users</code>, matched to the agents by email, ignoring letter case and <code>+tag</code> aliases. Status: <strong>'
    yield escape(environment.finalize(environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'status')))
    yield '</strong>, '
    yield escape(environment.finalize(environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'status_text')))
    if environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'total_results'):
        pass
        yield ' ('
        yield escape(environment.finalize(environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'users')))
        yield ' of the '
        yield escape(environment.finalize(environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'total_results')))
        yield ' users the server announced)'
    yield '. SCIM groups: '
    yield escape(environment.finalize(environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'groups_status')))
    yield '.</p>\n'
    if environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'note'):
        pass
        yield '<p class="note">Collector\'s note: '
        yield escape(environment.finalize(environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'note')))
        yield '</p>\n'
    if (environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'status') in ('denied', 'unavailable')):
        pass
        yield "<p>No SCIM user was read, so FD-STALE-005 and FD-HYG-006 did not run. The account's own evidence is unaffected: SCIM is a cross-check from the identity provider, not part of the population under review.</p>\n"
    else:
        pass
        yield '<div class="figures">\n'
        for l_1_figure in environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'figures'):
            _loop_vars = {}
            pass
            yield '  <div class="figure'
            if (environment.getattr(l_1_figure, 'alert') and environment.getattr(l_1_figure, 'value')):
                pass
                yield ' alert'
            yield '">\n    <p class="figure-value">'
            yield escape(environment.finalize(environment.getattr(l_1_figure, 'value')))
            yield '</p>\n    <p class="figure-label">'
            yield escape(environment.finalize(environment.getattr(l_1_figure, 'label')))
            yield '</p>\n  </div>\n'
        l_1_figure = missing
        yield '</div>\n'
        if (not environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'absence_judged')):
            pass
            yield '<p>Agents without a SCIM user were not judged (FD-HYG-006 did not run): '
            if (environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'status') == 'partial'):
                pass
                yield 'not every SCIM user was read, so a missing one proves nothing'
            else:
                pass
                yield 'no SCIM user is an agent of this account, so it does not provision through SCIM'
            yield '.</p>\n'
        if environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'exceptions'):
            pass
            yield '<table class="data" id="scim-table">\n<thead><tr><th scope="col">Agent</th><th scope="col">Outcome</th><th scope="col">Rule</th><th scope="col">SCIM says</th></tr></thead>\n<tbody>\n'
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
                yield escape(environment.finalize((environment.getattr(l_1_agent, 'rule_id') or 'none')))
                yield '</td>\n<td>'
                yield escape(environment.finalize((environment.getattr(l_1_agent, 'scim_says') or 'nothing: no SCIM user has this address')))
                yield '</td>\n</tr>\n'
            l_1_agent = missing
            yield '</tbody>\n</table>\n'
        else:
            pass
            yield '<p class="all-clear">Every active agent has an active SCIM user.</p>\n'
        if environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'orphans'):
            pass
            yield '<h3>SCIM users with no agent</h3>\n<p>Informational, not findings: people the identity provider has assigned to Freshdesk who hold no agent account (customers provisioned as contacts, assignments never used, or agents known under another address).</p>\n<table class="data" id="scim-orphans">\n<thead><tr><th scope="col">SCIM user</th><th scope="col">Emails</th><th scope="col">active</th><th scope="col">externalId</th></tr></thead>\n<tbody>\n'
            for l_1_user in environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'orphans'):
                _loop_vars = {}
                pass
                yield '<tr>\n<td class="subject"><span class="name">'
                yield escape(environment.finalize(environment.getattr(l_1_user, 'user_name')))
                yield '</span><br><span class="muted">'
                yield escape(environment.finalize(environment.getattr(l_1_user, 'id')))
                yield '</span></td>\n<td>'
                yield escape(environment.finalize(environment.getattr(l_1_user, 'emails')))
                yield '</td>\n<td>'
                yield escape(environment.finalize(environment.getattr(l_1_user, 'active')))
                yield '</td>\n<td>'
                yield escape(environment.finalize(environment.getattr(l_1_user, 'external_id')))
                yield '</td>\n</tr>\n'
            l_1_user = missing
            yield '</tbody>\n</table>\n'

blocks = {}
debug_info = '1=13&2=28&3=31&5=33&9=39&10=43&11=47&12=49&16=53&17=56&19=63&23=66&25=70&26=76&27=78&28=80&36=87&42=90&44=94&45=98&46=100&47=102'