from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'sections/methodology.html.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_run = resolve('run')
    l_0_data = resolve('data')
    try:
        t_1 = environment.filters['join']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'join' found.")
    try:
        t_2 = environment.tests['none']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No test named 'none' found.")
    pass
    yield '<h3>Population and completeness</h3>\n<p>The snapshot was read from the Freshdesk API '
    if environment.getattr((undefined(name='run') if l_0_run is missing else l_0_run), 'key_owner_record'):
        pass
        yield 'with the API key of '
        yield escape(environment.finalize(environment.getattr((undefined(name='run') if l_0_run is missing else l_0_run), 'key_owner')))
        yield ', as <code>/agents/me</code> reported it'
    else:
        pass
        yield 'with an API key whose owner was not recorded'
    yield '. Agents come from both listings, <code>/agents</code> and <code>/agents?active=false</code>, so deactivated and invited agents are part of the population. Each collection below reports how it was fetched; anything but <em>complete</em> means records may be missing.</p>\n<table class="data compact" id="collections-table">\n<thead><tr><th scope="col">Collection</th><th scope="col">Endpoint</th><th scope="col">Status</th><th scope="col" class="num">Records</th><th scope="col" class="num">Requests</th><th scope="col" class="num">Pages</th><th scope="col" class="num">Retries</th><th scope="col" class="num">429s</th><th scope="col">Note</th></tr></thead>\n<tbody>\n'
    for l_1_row in environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'collections'):
        _loop_vars = {}
        pass
        yield '<tr class="'
        if (environment.getattr(environment.getattr(l_1_row, 'stats'), 'status') != 'complete'):
            pass
            yield 'flagged'
        yield '">\n<td><strong>'
        yield escape(environment.finalize(environment.getattr(l_1_row, 'name')))
        yield '</strong><br><span class="muted">'
        yield escape(environment.finalize(environment.getattr(environment.getattr(l_1_row, 'stats'), 'file')))
        yield '</span></td>\n<td><code>'
        yield escape(environment.finalize((environment.getattr(environment.getattr(l_1_row, 'stats'), 'endpoint') or 'not recorded')))
        yield '</code></td>\n<td><span class="collection collection-'
        yield escape(environment.finalize(environment.getattr(environment.getattr(l_1_row, 'stats'), 'status')))
        yield '">'
        yield escape(environment.finalize(environment.getattr(environment.getattr(l_1_row, 'stats'), 'status')))
        yield '</span></td>\n<td class="num">'
        yield escape(environment.finalize(environment.getattr(environment.getattr(l_1_row, 'stats'), 'records')))
        yield '</td>\n<td class="num">'
        yield escape(environment.finalize(environment.getattr(environment.getattr(l_1_row, 'stats'), 'requests')))
        yield '</td>\n<td class="num">'
        yield escape(environment.finalize(environment.getattr(environment.getattr(l_1_row, 'stats'), 'pages')))
        yield '</td>\n<td class="num">'
        yield escape(environment.finalize(environment.getattr(environment.getattr(l_1_row, 'stats'), 'retries')))
        yield '</td>\n<td class="num">'
        yield escape(environment.finalize(environment.getattr(environment.getattr(l_1_row, 'stats'), 'rate_limited')))
        yield '</td>\n<td>'
        yield escape(environment.finalize(environment.getattr(environment.getattr(l_1_row, 'stats'), 'note')))
        yield '</td>\n</tr>\n'
    l_1_row = missing
    yield '</tbody>\n</table>\n<dl class="facts">\n  <div><dt>Group memberships filled by</dt><dd>'
    yield escape(environment.finalize(environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'membership_route')))
    yield '</dd></div>\n  <div><dt>Agent record shape</dt><dd>'
    yield escape(environment.finalize(environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'agent_record_shape')))
    yield '</dd></div>\n  <div><dt>The <code>active=false</code> filter</dt><dd>'
    yield escape(environment.finalize(environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'active_filter')))
    yield '</dd></div>\n  <div><dt>Deactivated agents found by</dt><dd>'
    yield escape(environment.finalize(environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'inactive_route')))
    yield "</dd></div>\n  <div><dt>Contacts' ticket access read from</dt><dd>"
    yield escape(environment.finalize(environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'contact_access_route')))
    yield "</dd></div>\n</dl>\n<h3>The account's own agent count</h3>\n"
    if t_2(environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'account')):
        pass
        yield "<p>Not recorded: the snapshot holds no <code>/api/v2/account</code> answer, so the collected agents were not compared with the account's own count.</p>\n"
    elif (environment.getattr(environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'account'), 'status') != 'recorded'):
        pass
        yield '<p>Not available: <code>'
        yield escape(environment.finalize(environment.getattr(environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'account'), 'endpoint')))
        yield '</code> '
        yield escape(environment.finalize(environment.getattr(environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'account'), 'status')))
        yield ' ('
        yield escape(environment.finalize(environment.getattr(environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'account'), 'note')))
        yield ').</p>\n'
    else:
        pass
        yield '<p>Plan (<code>tier_type</code>): '
        yield escape(environment.finalize((environment.getattr(environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'account'), 'tier_type') or 'not given')))
        yield '. Collected agents counted as the account counts them ('
        yield escape(environment.finalize(t_1(context.eval_ctx, environment.getattr(environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'account'), 'counted_states'), ', ')))
        yield ') beside <code>total_agents</code> from <code>'
        yield escape(environment.finalize(environment.getattr(environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'account'), 'endpoint')))
        yield '</code>:\n'
        if environment.getattr(environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'account'), 'reconciled'):
            pass
            yield '<strong>reconciled</strong>, '
            yield escape(environment.finalize(environment.getattr(environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'account'), 'explanation')))
            yield '.'
        elif t_2(environment.getattr(environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'account'), 'reconciled')):
            pass
            yield '<strong>not compared</strong>: '
            yield escape(environment.finalize(environment.getattr(environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'account'), 'note')))
            yield '.'
        else:
            pass
            yield '<strong class="flagged">not reconciled</strong>: '
            yield escape(environment.finalize(environment.getattr(environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'account'), 'explanation')))
            yield ' (FD-EVID-001).'
        yield '</p>\n<table class="data compact" id="agent-count-table">\n<thead><tr><th scope="col">Agent type</th><th scope="col" class="num">Collected (counted)</th><th scope="col" class="num">Collected, not counted</th><th scope="col" class="num">Reported by the account</th></tr></thead>\n<tbody>\n'
        for l_1_row in environment.getattr(environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'account'), 'comparison'):
            _loop_vars = {}
            pass
            yield '<tr class="'
            if ((not t_2(environment.getattr(l_1_row, 'reported'))) and (environment.getattr(l_1_row, 'collected') != environment.getattr(l_1_row, 'reported'))):
                pass
                yield 'flagged'
            yield '">\n<td>'
            yield escape(environment.finalize(environment.getattr(l_1_row, 'type')))
            yield '</td><td class="num">'
            yield escape(environment.finalize(environment.getattr(l_1_row, 'collected')))
            yield '</td><td class="num">'
            yield escape(environment.finalize(environment.getattr(l_1_row, 'not_counted')))
            yield '</td><td class="num">'
            yield escape(environment.finalize(('not given' if t_2(environment.getattr(l_1_row, 'reported')) else environment.getattr(l_1_row, 'reported'))))
            yield '</td>\n</tr>\n'
        l_1_row = missing
        yield '</tbody>\n</table>\n'
    yield '<h3>Notes from collection and loading</h3>\n'
    if ((environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'snapshot_notes') or environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'loader_notes')) or environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'disagreements')):
        pass
        yield '<ul class="notes">\n'
        for l_1_note in environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'snapshot_notes'):
            _loop_vars = {}
            pass
            yield '<li><span class="tag">collection</span> '
            yield escape(environment.finalize(l_1_note))
            yield '</li>'
        l_1_note = missing
        for l_1_note in environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'loader_notes'):
            _loop_vars = {}
            pass
            yield '<li><span class="tag">loading</span> '
            yield escape(environment.finalize(l_1_note))
            yield '</li>'
        l_1_note = missing
        for l_1_note in environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'disagreements'):
            _loop_vars = {}
            pass
            yield '<li><span class="tag">membership</span> '
            yield escape(environment.finalize(l_1_note))
            yield '</li>'
        l_1_note = missing
        yield '</ul>\n'
    else:
        pass
        yield '<p>None: the collection recorded no notes, and agent and group records agree on every membership.</p>\n'
    yield "<h3>How access was judged</h3>\n<ul>\n  <li><strong>State.</strong> An agent is <em>deactivated</em> when its record says so, or when it is inactive and has logged in before; <em>pending</em> when inactive and never logged in (an invitation not yet accepted); otherwise <em>active</em>.</li>\n  <li><strong>Tier.</strong> Built-in roles map by name (Account Administrator, Administrator, Supervisor, Agent; collaborator roles by type); custom roles take the tier the policy gives them, or <em>agent</em> if it gives none. An agent's tier is the highest of its roles; admin and account admin are privileged.</li>\n  <li><strong>Agent count.</strong> Freshdesk does not document which states <code>total_agents</code> counts. The auditor assumes seats in use: active agents and pending invitations, not deactivated agents (deactivating an agent frees its seat). If the figures differ, only active agents and then every agent are tried; a fit is named above, and a difference none of them explains is an FD-EVID-001 finding.</li>\n  <li><strong>Deactivated agents.</strong> Read from <code>/agents?active=false</code> when the account honours the filter. When it rejects it (400) or ignores it (an answer holding only agents of the default listing, which is then no evidence of inactivity), <code>/agents?only=availability</code> names the deactivated agents and each is read with <code>/agents/{id}</code>; when neither works the collection is partial.</li>\n  <li><strong>Contacts' access.</strong> Real contacts listings lack <code>view_all_tickets</code>; <code>/contacts/{id}</code> is read for each contact linked to a company whose domains do not cover the contact's email domain, the only contacts FD-BROAD-007 can report.</li>\n  <li><strong>Memberships.</strong> A group membership counts when either the agent record or the group record lists it; where the two disagree it is noted above.</li>\n  <li><strong>Time.</strong> Dormancy and expiry are judged as of "
    yield escape(environment.finalize(environment.getattr((undefined(name='run') if l_0_run is missing else l_0_run), 'as_of')))
    yield ', not at the time the report was written, so the same snapshot always gives the same findings.</li>\n</ul>\n<h3>Policy in force</h3>\n<dl class="facts">\n'
    for (l_1_name, l_1_value) in environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'settings'):
        _loop_vars = {}
        pass
        yield '  <div><dt>'
        yield escape(environment.finalize(l_1_name))
        yield '</dt><dd>'
        yield escape(environment.finalize(l_1_value))
        yield '</dd></div>\n'
    l_1_name = l_1_value = missing
    yield '</dl>\n<h3>Integrity</h3>\n<p>The snapshot\'s manifest holds the SHA-256 of every raw data file, and every hash was checked before analysis. The bundle\'s <code>manifest.json</code> holds the SHA-256 of each report file and of the snapshot manifest (<code class="hash">'
    yield escape(environment.finalize(environment.getattr((undefined(name='run') if l_0_run is missing else l_0_run), 'snapshot_manifest_sha256')))
    yield '</code>). Run <code>auditor verify BUNDLE_DIR</code> to re-check them: it names every file that was altered, removed or added.</p>\n'

blocks = {}
debug_info = '2=26&6=35&7=39&8=43&9=47&10=49&11=53&12=55&13=57&14=59&15=61&16=63&22=67&23=69&24=71&25=73&26=75&29=77&31=80&32=83&34=92&35=98&39=114&40=118&41=122&48=133&50=136&51=143&52=150&65=162&69=164&70=168&74=174'