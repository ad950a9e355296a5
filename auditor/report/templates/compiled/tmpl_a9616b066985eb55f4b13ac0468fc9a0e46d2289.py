from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'sections/signoff.html.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_data = resolve('data')
    l_0_run = resolve('run')
    pass
    yield '<p class="lead">I have reviewed the access of the '
    yield escape(environment.finalize(environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'agents')))
    yield ' agents of <strong>'
    yield escape(environment.finalize(environment.getattr((undefined(name='run') if l_0_run is missing else l_0_run), 'domain')))
    yield '</strong> as of '
    yield escape(environment.finalize(environment.getattr((undefined(name='run') if l_0_run is missing else l_0_run), 'as_of')))
    yield ', the '
    yield escape(environment.finalize(environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'open_findings')))
    yield ' open finding'
    yield escape(environment.finalize(('' if (environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'open_findings') == 1) else 's')))
    yield ' of this report, and the decisions recorded for the '
    yield escape(environment.finalize(environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'review_items')))
    yield ' entitlements in <code>access_review.csv</code>. Access marked <em>revoke</em> will be removed and the removal evidenced in the next review.</p>\n<h3>Reviewer</h3>\n<div class="signoff">\n'
    for l_1_label in ('Reviewer name', 'Role or title', 'Date', 'Signature'):
        _loop_vars = {}
        pass
        yield '  <div class="signoff-line"><span class="signoff-label">'
        yield escape(environment.finalize(l_1_label))
        yield '</span><span class="signoff-blank"></span></div>\n'
    l_1_label = missing
    yield '</div>\n<h3>Approver</h3>\n<div class="signoff">\n'
    for l_1_label in ('Approver name (system owner)', 'Date', 'Signature'):
        _loop_vars = {}
        pass
        yield '  <div class="signoff-line"><span class="signoff-label">'
        yield escape(environment.finalize(l_1_label))
        yield '</span><span class="signoff-blank"></span></div>\n'
    l_1_label = missing
    yield '</div>\n'

blocks = {}
debug_info = '1=14&4=26&5=30&10=34&11=38'