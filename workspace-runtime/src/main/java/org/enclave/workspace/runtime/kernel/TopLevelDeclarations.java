package org.enclave.workspace.runtime.kernel;

import org.codehaus.groovy.ast.ClassNode;
import org.codehaus.groovy.ast.expr.BinaryExpression;
import org.codehaus.groovy.ast.expr.ConstantExpression;
import org.codehaus.groovy.ast.expr.DeclarationExpression;
import org.codehaus.groovy.ast.expr.EmptyExpression;
import org.codehaus.groovy.ast.expr.Expression;
import org.codehaus.groovy.ast.expr.VariableExpression;
import org.codehaus.groovy.ast.stmt.ExpressionStatement;
import org.codehaus.groovy.ast.stmt.Statement;
import org.codehaus.groovy.classgen.GeneratorContext;
import org.codehaus.groovy.control.CompilePhase;
import org.codehaus.groovy.control.SourceUnit;
import org.codehaus.groovy.control.customizers.CompilationCustomizer;
import org.codehaus.groovy.syntax.Token;
import org.codehaus.groovy.syntax.Types;

/**
 * Turns a cell's top-level {@code def x = ...} (or {@code String x = ...}) into an assignment to
 * the binding, so that the variable outlives the cell. Declarations inside blocks, closures and
 * methods, annotated ones ({@code @Field}) and multiple assignments are left alone.
 */
final class TopLevelDeclarations extends CompilationCustomizer {
  TopLevelDeclarations() {
    super(CompilePhase.CONVERSION);
  }

  @Override
  public void call(SourceUnit source, GeneratorContext context, ClassNode classNode) {
    if (!classNode.isScript() || source.getAST().getStatementBlock() == null) {
      return;
    }
    for (Statement s : source.getAST().getStatementBlock().getStatements()) {
      if (s instanceof ExpressionStatement es
          && es.getExpression() instanceof DeclarationExpression d
          && !d.isMultipleAssignmentDeclaration()
          && d.getAnnotations().isEmpty()) {
        VariableExpression target = new VariableExpression(d.getVariableExpression().getName());
        target.setSourcePosition(d.getVariableExpression());
        Expression value = d.getRightExpression();
        if (value instanceof EmptyExpression) {
          value = ConstantExpression.NULL;
        }
        BinaryExpression assign =
            new BinaryExpression(
                target,
                Token.newSymbol(Types.ASSIGN, d.getLineNumber(), d.getColumnNumber()),
                value);
        assign.setSourcePosition(d);
        es.setExpression(assign);
      }
    }
  }
}
