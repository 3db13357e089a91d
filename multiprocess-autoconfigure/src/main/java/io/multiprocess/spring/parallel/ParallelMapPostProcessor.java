package io.multiprocess.spring.parallel;

import java.lang.reflect.Method;
import org.jspecify.annotations.Nullable;
import org.springframework.aop.framework.autoproxy.AbstractBeanFactoryAwareAdvisingPostProcessor;
import org.springframework.aop.support.AopUtils;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.annotation.AnnotationMatchingPointcut;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Gives every bean with {@link ParallelMap} methods a proxy that runs those methods in the pool (a
 * Spring AOP advisor; no AspectJ weaver). A bean that is proxied already (for {@code @Transactional},
 * say) gets the advice added in front of its others. Its {@code @ParallelMap} methods are checked when
 * the bean is created, so that a method the annotation cannot serve fails the start-up with a message
 * naming it. Proxies subclass the bean's class (CGLIB), as Spring Boot's do by default.
 */
public class ParallelMapPostProcessor extends AbstractBeanFactoryAwareAdvisingPostProcessor {

    private static final long serialVersionUID = 1L;

    private transient @Nullable ParallelMapInterceptor interceptor;

    /** A post-processor whose advice comes first in the beans' chains. */
    public ParallelMapPostProcessor() {
        setBeforeExistingAdvisors(true);
        setProxyTargetClass(true);
    }

    @Override
    public void setBeanFactory(BeanFactory beanFactory) {
        super.setBeanFactory(beanFactory);
        this.interceptor = new ParallelMapInterceptor(beanFactory);
        this.advisor =
                new DefaultPointcutAdvisor(new AnnotationMatchingPointcut(null, ParallelMap.class, true), interceptor);
    }

    @Override
    protected boolean isEligible(Object bean, String beanName) {
        boolean eligible = super.isEligible(bean, beanName);
        if (eligible) {
            Class<?> type = AopUtils.getTargetClass(bean);
            ReflectionUtils.doWithMethods(
                    type,
                    method -> check(method, type),
                    method -> AnnotatedElementUtils.hasAnnotation(method, ParallelMap.class));
        }
        return eligible;
    }

    private void check(Method method, Class<?> type) {
        try {
            interceptor.describe(method, type);
        } catch (IllegalStateException e) {
            throw new IllegalStateException("Bean of " + type.getName() + ": " + e.getMessage(), e);
        }
    }
}
