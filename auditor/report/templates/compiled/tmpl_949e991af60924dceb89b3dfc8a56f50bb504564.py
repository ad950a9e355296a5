from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'sections/privileged.html.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_data = resolve('data')
    pass
    yield '<p class="lead">Every agent, in any state, who holds an administrator tier or Global ticket scope, and the role or scope that grants it. Active holders come first.</p>\n'
    if environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'holders'):
        pass
        yield '<table class="data privileged" id="privileged-table">\n<thead><tr><th scope="col">Agent</th><th scope="col">State</th><th scope="col">Tier</th><th scope="col">Granted by</th><th scope="col">Access in full</th><th scope="col">Last login</th><th scope="col">Last active</th><th scope="col">Findings</th></tr></thead>\n<tbody>\n'
        yield escape(environment.finalize(environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'rows')))
        yield '</tbody>\n</table>\n'
    else:
        pass
        yield '<p class="all-clear">No agent holds an administrator tier or Global scope.</p>\n'

blocks = {}
debug_info = '2=13&6=16'