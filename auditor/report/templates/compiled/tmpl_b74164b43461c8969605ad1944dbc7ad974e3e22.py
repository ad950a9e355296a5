from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'sections/rules.html.j2'

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
    yield '<p class="lead">Every rule in the catalogue, whether or not it found anything: a rule that ran and found nothing is evidence that the control it tests held in this snapshot. Rules that compare with an input this run was not given (a baseline, a roster, a previous review) are listed as not evaluated.</p>\n'
    l_1_loop = missing
    for l_1_rule, l_1_loop in LoopContext((undefined(name='data') if l_0_data is missing else l_0_data), undefined):
        _loop_vars = {}
        pass
        yield '<article class="rule" id="rule-'
        yield escape(environment.finalize(environment.getattr(l_1_rule, 'id')))
        yield '">\n<h3><span class="rule-id">'
        yield escape(environment.finalize(environment.getattr(l_1_rule, 'id')))
        yield '</span> '
        yield escape(environment.finalize(environment.getattr(l_1_rule, 'title')))
        yield '</h3>\n<p class="rule-meta"><span class="sev sev-'
        yield escape(environment.finalize(environment.getattr(l_1_rule, 'severity')))
        yield '">'
        yield escape(environment.finalize(environment.getattr(l_1_rule, 'severity')))
        yield '</span> default severity &middot; subject: '
        yield escape(environment.finalize(environment.getattr(l_1_rule, 'subject_type')))
        yield ' &middot;\n'
        if (not environment.getattr(l_1_rule, 'evaluated')):
            pass
            yield '<span class="not-run">not evaluated in this run</span>: it needs '
            l_2_loop = missing
            for l_2_need, l_2_loop in LoopContext(environment.getattr(l_1_rule, 'needs'), undefined):
                _loop_vars = {}
                pass
                yield '<code>--'
                yield escape(environment.finalize(t_1(context.eval_ctx, l_2_need, '_', '-')))
                yield '</code>'
                if (not environment.getattr(l_2_loop, 'last')):
                    pass
                    yield ' and '
            l_2_loop = l_2_need = missing
        elif environment.getattr(l_1_rule, 'findings'):
            pass
            yield '<strong>'
            yield escape(environment.finalize(environment.getattr(l_1_rule, 'findings')))
            yield ' finding'
            yield escape(environment.finalize(('' if (environment.getattr(l_1_rule, 'findings') == 1) else 's')))
            yield '</strong> ('
            yield escape(environment.finalize(environment.getattr(l_1_rule, 'open')))
            yield ' open, '
            yield escape(environment.finalize(environment.getattr(l_1_rule, 'exempted')))
            yield ' exempted)'
        else:
            pass
            yield '<span class="ok">no findings</span>'
        yield '</p>\n'
        if environment.getattr(l_1_rule, 'description'):
            pass
            yield '<p>'
            yield escape(environment.finalize(environment.getattr(l_1_rule, 'description')))
            yield '</p>'
        yield '<h4>Why it matters</h4>\n<p>'
        yield escape(environment.finalize(environment.getattr(l_1_rule, 'rationale')))
        yield '</p>\n<h4>Remediation</h4>\n<ol class="steps">'
        for l_2_step in environment.getattr(l_1_rule, 'remediation'):
            _loop_vars = {}
            pass
            yield '<li>'
            yield escape(environment.finalize(l_2_step))
            yield '</li>'
        l_2_step = missing
        yield '</ol>\n<h4>Frameworks</h4>\n<ul class="frameworks">'
        for l_2_requirement in environment.getattr(l_1_rule, 'requirements'):
            _loop_vars = {}
            pass
            yield '<li><strong>'
            yield escape(environment.finalize(environment.getattr(l_2_requirement, 'key')))
            yield '</strong> '
            yield escape(environment.finalize(environment.getattr(l_2_requirement, 'title')))
            yield '</li>'
        l_2_requirement = missing
        yield '</ul>\n</article>\n'
    l_1_loop = l_1_rule = missing

blocks = {}
debug_info = '2=20&3=24&4=26&5=30&6=36&7=65&9=71&11=73&13=81'