from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'sections/previous_review.html.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_data = resolve('data')
    pass
    yield '<p class="lead">Last quarter\'s filled-in worksheet <code>'
    yield escape(environment.finalize(environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'file')))
    yield '</code> (SHA-256 <code class="hash">'
    yield escape(environment.finalize(environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'sha256')))
    yield '</code>), held against this snapshot: was each revocation carried out? Unchanged entitlements carry their previous decision into this quarter\'s <code>access_review.csv</code>; new and changed ones are marked for review.</p>\n<div class="figures">\n'
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
    yield '</div>\n<h3>Revocations</h3>\n'
    if environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'revocations'):
        pass
        yield '<table class="data" id="revocations-table">\n<thead><tr><th scope="col">Agent</th><th scope="col">Entitlement</th><th scope="col">Decided by</th><th scope="col">On</th><th scope="col" class="num">Line</th><th scope="col">Now</th></tr></thead>\n<tbody>\n'
        for l_1_r in environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'revocations'):
            _loop_vars = {}
            pass
            yield '<tr class="'
            if (environment.getattr(l_1_r, 'outcome') == 'still held'):
                pass
                yield 'flagged'
            yield '">\n<td class="subject">'
            if environment.getattr(l_1_r, 'agent'):
                pass
                yield '<span class="name">'
                yield escape(environment.finalize(environment.getattr(l_1_r, 'agent')))
                yield '</span><br>'
            yield '<span class="muted">agent '
            yield escape(environment.finalize(environment.getattr(l_1_r, 'agent_id')))
            yield '</span></td>\n<td>'
            yield escape(environment.finalize(environment.getattr(l_1_r, 'entitlement')))
            yield '</td>\n<td>'
            yield escape(environment.finalize((environment.getattr(l_1_r, 'reviewer') or 'not recorded')))
            yield '</td>\n<td>'
            yield escape(environment.finalize((environment.getattr(l_1_r, 'reviewed_at') or 'not recorded')))
            yield '</td>\n<td class="num">'
            yield escape(environment.finalize(environment.getattr(l_1_r, 'line')))
            yield '</td>\n<td>'
            yield escape(environment.finalize(environment.getattr(l_1_r, 'outcome')))
            yield '</td>\n</tr>\n'
        l_1_r = missing
        yield '</tbody>\n</table>\n'
    else:
        pass
        yield '<p>The previous review decided no revocation.</p>\n'
    yield '<h3>Problems in the worksheet</h3>\n'
    if environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'problems'):
        pass
        yield '<ul class="notes">\n'
        for l_1_p in environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'problems'):
            _loop_vars = {}
            pass
            yield '<li><span class="tag">line '
            yield escape(environment.finalize(environment.getattr(l_1_p, 'line')))
            yield '</span> '
            yield escape(environment.finalize(environment.getattr(l_1_p, 'problem')))
            yield '</li>'
        l_1_p = missing
        yield '</ul>\n'
    else:
        pass
        yield '<p>None: every row names a known agent and entitlement, every decision is keep or revoke, and every revoke names its reviewer.</p>\n'

blocks = {}
debug_info = '1=13&3=17&4=21&5=25&6=27&11=31&15=34&16=38&17=42&18=50&19=52&20=54&21=56&22=58&31=66&33=69'