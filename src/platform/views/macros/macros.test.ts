// The shared view macros, rendered by the app's own Nunjucks environment and read with cheerio.
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import * as cheerio from 'cheerio'
import { describe, expect, it } from 'vitest'
import { createViewEngine } from '../../http/views.ts'
import { formErrors } from '../../http/forms.ts'

const views = createViewEngine()
const render = (source: string, context: Record<string, unknown> = {}) =>
  cheerio.load(views.renderString(source, context))

describe('postForm', () => {
  const source = `{% from "macros/form.njk" import postForm with context %}
{% call postForm(params) %}<button>Save</button>{% endcall %}`

  it('posts with the page’s CSRF token, to the action given, without browser validation', () => {
    const $ = render(source, { csrfToken: 'tøken-1', params: { action: '/risks/1/close' } })
    const form = $('form')
    expect(form.attr('method')).toBe('post')
    expect(form.attr('action')).toBe('/risks/1/close')
    expect(form.attr('novalidate')).toBeDefined()
    expect(form.find('input[type=hidden][name=_csrf]').val()).toBe('tøken-1')
    expect(form.find('button').text()).toBe('Save')
  })

  it('posts back to the page itself when there is no action, and carries enctype and classes', () => {
    const $ = render(source, {
      csrfToken: 't',
      params: { enctype: 'multipart/form-data', classes: 'app-inline-form', novalidate: false },
    })
    const form = $('form')
    expect(form.attr('action')).toBeUndefined()
    expect(form.attr('enctype')).toBe('multipart/form-data')
    expect(form.attr('class')).toBe('app-inline-form')
    expect(form.attr('novalidate')).toBeUndefined()
  })

  it('escapes the action', () => {
    const html = views.renderString(source, {
      csrfToken: 't',
      params: { action: '/x?a=1&b="2"' },
    })
    expect(html).toContain('action="/x?a=1&amp;b=&quot;2&quot;"')
  })
})

describe('dateField', () => {
  const source = `{% from "macros/date-field.njk" import dateField %}
{{ dateField({ name: "dueDate", legend: "Due date", hint: hint, legendClasses: legendClasses,
  values: values, errors: errors }) }}`

  it('names its inputs name-day, -month and -year and fills them from the values', () => {
    const $ = render(source, {
      hint: 'For example, 30 6 2026',
      values: { 'dueDate-day': '30', 'dueDate-month': '6', 'dueDate-year': '2026' },
      errors: formErrors([]),
    })
    for (const [part, value] of [
      ['day', '30'],
      ['month', '6'],
      ['year', '2026'],
    ]) {
      const input = $(`input#dueDate-${part}`)
      expect(input.attr('name')).toBe(`dueDate-${part}`)
      expect(input.val()).toBe(value)
    }
    expect($('legend').text().trim()).toBe('Due date')
    expect($('legend').hasClass('govuk-fieldset__legend--s')).toBe(true)
    expect($('#dueDate-hint').text().trim()).toBe('For example, 30 6 2026')
    expect($('.govuk-error-message')).toHaveLength(0)
  })

  it('has no hint unless given one, and takes the legend size given', () => {
    const $ = render(source, {
      legendClasses: 'govuk-fieldset__legend--m',
      values: {},
      errors: formErrors([]),
    })
    expect($('.govuk-hint')).toHaveLength(0)
    expect($('legend').hasClass('govuk-fieldset__legend--m')).toBe(true)
  })

  it('shows its error, and the error summary’s link for the date goes to its day input', () => {
    const body = { 'dueDate-day': '31', 'dueDate-month': '2', 'dueDate-year': '2026' }
    const errors = formErrors([{ field: 'dueDate', message: 'Due date must be a real date' }], body)
    const $ = render(source, { values: body, errors })
    expect($('.govuk-error-message').text()).toContain('Due date must be a real date')
    expect($('input.govuk-input--error')).toHaveLength(3)
    const href = errors.summary[0]?.href ?? ''
    expect(href).toBe('#dueDate-day')
    expect($(href)).toHaveLength(1)
    expect($(href).attr('name')).toBe('dueDate-day')
  })
})

describe('subNavigation', () => {
  const source = `{% from "macros/sub-navigation.njk" import subNavigation with context %}
{{ subNavigation(params) }}`
  const items = [
    { text: 'Groups', href: '/governance/groups' },
    { text: 'Challenge log', href: '/governance/challenges', permission: 'challenges.read' },
    { text: 'Overdue', href: '/actions/overdue', current: true },
  ]

  it('labels the navigation and marks the current page by its path or by the item', () => {
    const $ = render(source, {
      can: () => true,
      params: { label: 'Governance', currentPath: '/governance/groups', items },
    })
    expect($('nav').attr('aria-label')).toBe('Governance')
    expect(
      $('a[aria-current=page]')
        .map((_, a) => $(a).text())
        .get(),
    ).toEqual(['Groups', 'Overdue'])
  })

  it('leaves out a link whose permission the person does not hold', () => {
    const asked: string[] = []
    const $ = render(source, {
      can: (permission: string) => {
        asked.push(permission)
        return false
      },
      params: { label: 'Governance', classes: 'app-no-print', items },
    })
    expect(
      $('a')
        .map((_, a) => $(a).text())
        .get(),
    ).toEqual(['Groups', 'Overdue'])
    expect(asked).toEqual(['challenges.read'])
    expect($('nav').hasClass('app-no-print')).toBe(true)
    expect($('a[aria-current=page]').text()).toBe('Overdue')
  })
})

describe('recordCaption', () => {
  const source = `{% from "macros/record-caption.njk" import recordCaption %}{{ recordCaption(params) }}`
  const caption = (params: Record<string, unknown>) => render(source, { params })('span')

  it('says what the record is, its reference and its title', () => {
    expect(
      caption({
        kind: 'Challenge',
        reference: 'CH-0007',
        title: 'Missed strategy meetings',
      }).text(),
    ).toBe('Challenge CH-0007: Missed strategy meetings')
    expect(caption({ kind: 'Risk', reference: 'R-003' }).text()).toBe('Risk R-003')
    expect(caption({ kind: 'Item', title: 'Scorecard' }).text()).toBe('Item: Scorecard')
    expect(caption({ reference: 'CSC-01', title: 'Assessments' }).text()).toBe(
      'CSC-01: Assessments',
    )
    expect(caption({ kind: 'Agency' }).text()).toBe('Agency')
    expect(caption({ kind: 'Agency' }).hasClass('govuk-caption-l')).toBe(true)
    expect(caption({ kind: 'Agency', size: 'm' }).hasClass('govuk-caption-m')).toBe(true)
  })

  it('escapes what it shows', () => {
    const html = views.renderString(source, {
      params: { kind: 'Finding', reference: 'F<1>', title: `O'Brien & Zoë's <b>plan</b>` },
    })
    expect(html).toBe(
      '<span class="govuk-caption-l">Finding F&lt;1&gt;: O&#39;Brien &amp; Zoë&#39;s &lt;b&gt;plan&lt;/b&gt;</span>',
    )
  })
})

describe('raiseActionFields', () => {
  it('asks what, who owns it and when it is due, with the tracker’s field names', () => {
    const $ = render(
      `{% from "macros/raise-action.njk" import raiseActionFields %}
{{ raiseActionFields(options, values, errors) }}`,
      {
        options: {
          agencies: [{ id: 'a1', name: "St Mary's School" }],
          people: [{ id: 'p1', name: 'Łukasz Nowak', agencyName: "St Mary's School" }],
        },
        values: { title: 'Audit supervision', ownerAgencyId: 'a1', 'dueDate-year': '2027' },
        errors: formErrors([{ field: 'title', message: 'Enter the action' }]),
      },
    )
    expect(
      $('input, select, textarea')
        .map((_, e) => $(e).attr('name'))
        .get(),
    ).toEqual([
      'title',
      'description',
      'ownerAgencyId',
      'ownerUserId',
      'dueDate-day',
      'dueDate-month',
      'dueDate-year',
    ])
    expect($('#title').val()).toBe('Audit supervision')
    expect($('#title-error').text()).toContain('Enter the action')
    expect($('#ownerAgencyId option:selected').text()).toBe("St Mary's School")
    expect($('#ownerUserId option[value=p1]').text()).toBe("Łukasz Nowak (St Mary's School)")
    expect($('#dueDate-year').val()).toBe('2027')
  })
})

describe('scrollableTable', () => {
  it('puts the table in a focusable, labelled region of its own', () => {
    const $ = render(
      `{% from "macros/scrollable-table.njk" import scrollableTable %}
{% call scrollableTable(params) %}<table class="govuk-table"></table>{% endcall %}`,
      { params: { label: "Zoë O'Brien's actions", stickyFirstColumn: true } },
    )
    const region = $('div.app-scrollable-table')
    expect(region.attr('tabindex')).toBe('0')
    expect(region.attr('role')).toBe('region')
    expect(region.attr('aria-label')).toBe("Zoë O'Brien's actions")
    expect(region.hasClass('app-scrollable-table--sticky-first-column')).toBe(true)
    expect(region.children('table.govuk-table')).toHaveLength(1)
  })
})

describe('templates use the macros', () => {
  const srcDir = path.resolve(import.meta.dirname, '..', '..', '..')
  const templates = readdirSync(srcDir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.njk'))
    .map((file) => ({ file, text: readFileSync(path.join(srcDir, file), 'utf8') }))

  it('finds the templates', () => {
    expect(templates.length).toBeGreaterThan(100)
  })

  it('puts every table in a scrollableTable', () => {
    const count = (text: string, pattern: RegExp) => (text.match(pattern) ?? []).length
    const offenders = templates
      .filter(
        ({ text }) =>
          count(text, /<table[\s>]|govukTable\(/g) > count(text, /call scrollableTable\(/g),
      )
      .map(({ file }) => file)
    expect(offenders).toEqual([])
  })

  it.each([
    [
      'a form that posts (use postForm)',
      /<form[^>]*method="post"/i,
      'platform/views/macros/form.njk',
    ],
    ['a CSRF field (use postForm)', /name="_csrf"/, 'platform/views/macros/form.njk'],
    [
      'a GOV.UK date input (use dateField)',
      /govukDateInput\(/,
      'platform/views/macros/date-field.njk',
    ],
    [
      'a sub-navigation (use subNavigation)',
      /class="app-sub-navigation(?!__)/,
      'platform/views/macros/sub-navigation.njk',
    ],
  ])('writes %s only in its macro', (_, pattern, home) => {
    const offenders = templates
      .filter(({ file, text }) => pattern.test(text) && file !== path.normalize(home))
      .map(({ file }) => file)
    expect(offenders).toEqual([])
    expect(
      templates.some(({ file, text }) => file === path.normalize(home) && pattern.test(text)),
    ).toBe(true)
  })
})
